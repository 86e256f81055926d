using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CoachConsole.Web.Data;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> e)
    {
        e.Property(t => t.Id).HasMaxLength(64);
        e.Property(t => t.Name).HasMaxLength(200);
    }
}

internal sealed class CoachUserConfiguration : IEntityTypeConfiguration<CoachUser>
{
    public void Configure(EntityTypeBuilder<CoachUser> e)
    {
        e.Property(u => u.DisplayName).HasMaxLength(200);
        e.Property(u => u.TeamId).HasMaxLength(64);
        e.HasOne<Team>().WithMany().HasForeignKey(u => u.TeamId);
    }
}

internal sealed class TeamLeadConfiguration : IEntityTypeConfiguration<TeamLead>
{
    public void Configure(EntityTypeBuilder<TeamLead> e)
    {
        e.HasKey(l => new { l.TeamId, l.UserId });
        e.HasOne<Team>().WithMany().HasForeignKey(l => l.TeamId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<CoachUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
