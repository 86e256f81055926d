using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CoachConsole.Web.Data;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> e)
    {
        e.HasKey(c => c.Id);
        e.Property(c => c.CustomerName).HasMaxLength(200);
        e.Property(c => c.IssueSummary).HasMaxLength(1000);
        e.Property(c => c.AgentId).HasMaxLength(64);
        e.Property(c => c.AgentName).HasMaxLength(200);
        e.Property(c => c.TeamId).HasMaxLength(64);
        e.Property(c => c.Options).HasConversion(StoredJson.Converter<IReadOnlyList<string>>(), StoredJson.ListComparer<string>());
        e.Property(c => c.UsedPhraseIds).HasConversion(StoredJson.Converter<IReadOnlyList<string>>(), StoredJson.ListComparer<string>());
        e.Property(c => c.ShownPhraseIds).HasConversion(StoredJson.Converter<IReadOnlyList<string>>(), StoredJson.ListComparer<string>());
        e.Property(c => c.CardsAtLastTurn).HasConversion(StoredJson.Converter<IReadOnlyList<string>>(), StoredJson.ListComparer<string>());
        e.Property(c => c.CardsAtTurnBefore).HasConversion(StoredJson.Converter<IReadOnlyList<string>>(), StoredJson.ListComparer<string>());
        e.Property(c => c.Suggestions).HasConversion(StoredJson.Converter<IReadOnlyList<Suggestion>>(), StoredJson.ListComparer<Suggestion>());

        // Stamped on every save by RevisionStamping.
        e.Property(c => c.Revision).IsConcurrencyToken();
        e.HasIndex(c => new { c.AgentId, c.EndedAt });
        e.HasIndex(c => new { c.TeamId, c.EndedAt });
        e.Property<long?>(CoachDbContext.EndedAtTicks);
        e.HasIndex(nameof(Conversation.TeamId), CoachDbContext.EndedAtTicks);
    }
}

internal sealed class TurnConfiguration : IEntityTypeConfiguration<Turn>
{
    public void Configure(EntityTypeBuilder<Turn> e)
    {
        e.HasKey(t => t.Id);
        e.Property(t => t.ClientTurnId).HasMaxLength(100);
        e.Property(t => t.PhraseId).HasMaxLength(100);
        e.Property(t => t.Author).HasMaxLength(200);
        e.Property(t => t.Cues).HasConversion(StoredJson.Converter<IReadOnlyList<Cue>>(), StoredJson.ListComparer<Cue>());
        e.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(t => new { t.ConversationId, t.Sequence }).IsUnique();
        e.HasIndex(t => new { t.ConversationId, t.ClientTurnId }).IsUnique();
    }
}

internal sealed class StageChangeRecordConfiguration : IEntityTypeConfiguration<StageChangeRecord>
{
    public void Configure(EntityTypeBuilder<StageChangeRecord> e)
    {
        e.Property(x => x.Trigger).HasMaxLength(32);
        e.Property(x => x.Reason).HasMaxLength(300);
        e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.ConversationId, x.Id });
    }
}

internal sealed class CardEventConfiguration : IEntityTypeConfiguration<CardEvent>
{
    public void Configure(EntityTypeBuilder<CardEvent> e)
    {
        e.Property(x => x.PhraseId).HasMaxLength(100);
        e.Property(x => x.AgentId).HasMaxLength(64);
        e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.PhraseId, x.Action });
        e.HasIndex(x => x.ConversationId);
    }
}

internal sealed class LeadNoteConfiguration : IEntityTypeConfiguration<LeadNote>
{
    public void Configure(EntityTypeBuilder<LeadNote> e)
    {
        e.Property(x => x.LeadId).HasMaxLength(64);
        e.Property(x => x.LeadName).HasMaxLength(200);
        e.Property(x => x.Text).HasMaxLength(1000);
        e.Property(x => x.PhraseId).HasMaxLength(100);
        e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.ConversationId);
    }
}

internal sealed class WrapUpConfiguration : IEntityTypeConfiguration<WrapUp>
{
    public void Configure(EntityTypeBuilder<WrapUp> e)
    {
        e.HasKey(x => x.ConversationId);
        e.Property(x => x.AgentId).HasMaxLength(64);
        e.Property(x => x.FollowUpNote).HasMaxLength(1000);
        e.Property(x => x.FollowUpResult).HasMaxLength(1000);
        e.Property(x => x.WentWell).HasMaxLength(2000);
        e.Property(x => x.DoDifferently).HasMaxLength(2000);
        e.HasOne<Conversation>().WithOne().HasForeignKey<WrapUp>(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.AgentId, x.FollowUpDoneAt });
    }
}
