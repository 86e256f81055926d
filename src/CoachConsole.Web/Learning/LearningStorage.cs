using CoachConsole.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CoachConsole.Web.Data;

internal sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> e)
    {
        e.Property(x => x.AgentId).HasMaxLength(64);
        e.Property(x => x.AuthorId).HasMaxLength(64);
        e.Property(x => x.AuthorName).HasMaxLength(200);
        e.Property(x => x.Text).HasMaxLength(2000);
        e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.ConversationId);
        e.HasIndex(x => new { x.AgentId, x.SeenAt });
    }
}

internal sealed class SharedExampleConfiguration : IEntityTypeConfiguration<SharedExample>
{
    public void Configure(EntityTypeBuilder<SharedExample> e)
    {
        e.Property(x => x.TeamId).HasMaxLength(64);
        e.Property(x => x.Situation).HasMaxLength(64);
        e.Property(x => x.Cause).HasMaxLength(64);
        e.Property(x => x.Title).HasMaxLength(1000);
        e.Property(x => x.Note).HasMaxLength(2000);
        e.Property(x => x.MarkedBy).HasMaxLength(64);
        e.Property(x => x.MarkedByName).HasMaxLength(200);

        // The snapshot is the masked copy: it outlives the conversation it came from.
        e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(x => x.ConversationId).IsUnique();
        e.HasIndex(x => x.Situation);
    }
}
