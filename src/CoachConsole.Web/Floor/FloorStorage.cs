using CoachConsole.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CoachConsole.Web.Data;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> e)
    {
        e.Property(x => x.TeamId).HasMaxLength(64);
        e.Property(x => x.AgentId).HasMaxLength(64);
        e.Property(x => x.Cause).HasMaxLength(200);
        e.Property(x => x.Detail).HasMaxLength(500);
        e.Property(x => x.AcknowledgedBy).HasMaxLength(200);
        e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.ConversationId, x.Kind, x.Cause }).IsUnique();
        e.HasIndex(x => new { x.TeamId, x.AcknowledgedAt });
    }
}

internal sealed class TeamAlertRulesConfiguration : IEntityTypeConfiguration<TeamAlertRules>
{
    public void Configure(EntityTypeBuilder<TeamAlertRules> e)
    {
        e.HasKey(x => x.TeamId);
        e.Property(x => x.TeamId).HasMaxLength(64);
        e.HasOne<Team>().WithOne().HasForeignKey<TeamAlertRules>(x => x.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgentBreakConfiguration : IEntityTypeConfiguration<AgentBreak>
{
    public void Configure(EntityTypeBuilder<AgentBreak> e)
    {
        e.Property(x => x.AgentId).HasMaxLength(64);
        e.Property(x => x.SuggestedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.AgentId, x.StartedAt });
    }
}
