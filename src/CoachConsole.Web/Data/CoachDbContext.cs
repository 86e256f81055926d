using System.Text.Json;
using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CoachConsole.Web.Data;

/// <summary>The product's storage on SQLite (the default); <see cref="PostgresCoachDbContext"/> is the same model on PostgreSQL.</summary>
public class CoachDbContext : IdentityDbContext<CoachUser>, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public CoachDbContext(DbContextOptions<CoachDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's own context, which carries that provider's migrations.</summary>
    protected CoachDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamLead> TeamLeads => Set<TeamLead>();

    public DbSet<ConnectorKeyRecord> ConnectorKeys => Set<ConnectorKeyRecord>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Turn> Turns => Set<Turn>();

    public DbSet<StageChangeRecord> StageChanges => Set<StageChangeRecord>();

    public DbSet<CardEvent> CardEvents => Set<CardEvent>();

    public DbSet<LeadNote> LeadNotes => Set<LeadNote>();

    public DbSet<WrapUp> WrapUps => Set<WrapUp>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<TeamAlertRules> AlertRules => Set<TeamAlertRules>();

    public DbSet<AgentBreak> Breaks => Set<AgentBreak>();

    public DbSet<LibraryDraft> LibraryDrafts => Set<LibraryDraft>();

    public DbSet<PersonaRecord> Personas => Set<PersonaRecord>();

    public DbSet<DetectionCueRecord> DetectionCues => Set<DetectionCueRecord>();

    public DbSet<LibraryVersion> LibraryVersions => Set<LibraryVersion>();

    public DbSet<PhraseRecord> Phrases => Set<PhraseRecord>();

    public DbSet<AvoidRecord> AvoidPhrases => Set<AvoidRecord>();

    /// <summary>The keys that protect sign-in cookies and anti-forgery tokens, shared by every instance on this database.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<ReviewComment> ReviewComments => Set<ReviewComment>();

    public DbSet<SharedExample> SharedExamples => Set<SharedExample>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as names, so the database reads the same as the API.
        configurationBuilder.Properties<Stage>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Channel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Speaker>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Mood>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<PhraseCategory>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CardAction>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<LeadNoteKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Outcome>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<AlertKind>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var modelBuilder = builder;

        modelBuilder.Entity<CoachUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.TeamId).HasMaxLength(64);
            e.HasOne<Team>().WithMany().HasForeignKey(u => u.TeamId);
        });

        modelBuilder.Entity<TeamLead>(e =>
        {
            e.HasKey(l => new { l.TeamId, l.UserId });
            e.HasOne<Team>().WithMany().HasForeignKey(l => l.TeamId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<CoachUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ConnectorKeyRecord>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(200);
            e.Property(k => k.TeamId).HasMaxLength(64);
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.Property(k => k.CreatedBy).HasMaxLength(256);
            e.HasIndex(k => k.Hash).IsUnique();
            e.HasOne<Team>().WithMany().HasForeignKey(k => k.TeamId);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Target).HasMaxLength(256);
            e.Property(a => a.Detail).HasMaxLength(1000);
            e.HasIndex(a => a.At);
        });
        modelBuilder.Entity<Team>(e =>
        {
            e.Property(t => t.Id).HasMaxLength(64);
            e.Property(t => t.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<Conversation>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.CustomerName).HasMaxLength(200);
            e.Property(c => c.IssueSummary).HasMaxLength(1000);
            e.Property(c => c.AgentId).HasMaxLength(64);
            e.Property(c => c.AgentName).HasMaxLength(200);
            e.Property(c => c.TeamId).HasMaxLength(64);
            e.Property(c => c.Options).HasConversion(Json<IReadOnlyList<string>>(), ListComparer<string>());
            e.Property(c => c.UsedPhraseIds).HasConversion(Json<IReadOnlyList<string>>(), ListComparer<string>());
            e.Property(c => c.ShownPhraseIds).HasConversion(Json<IReadOnlyList<string>>(), ListComparer<string>());
            e.Property(c => c.CardsAtLastTurn).HasConversion(Json<IReadOnlyList<string>>(), ListComparer<string>());
            e.Property(c => c.CardsAtTurnBefore).HasConversion(Json<IReadOnlyList<string>>(), ListComparer<string>());
            e.Property(c => c.Suggestions).HasConversion(Json<IReadOnlyList<Suggestion>>(), ListComparer<Suggestion>());
            e.Property(c => c.Revision).IsConcurrencyToken();
            e.HasIndex(c => new { c.AgentId, c.EndedAt });
            e.HasIndex(c => new { c.TeamId, c.EndedAt });
            e.Property<long?>(EndedAtTicks);
            e.HasIndex(nameof(Conversation.TeamId), EndedAtTicks);
        });

        modelBuilder.Entity<Turn>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.ClientTurnId).HasMaxLength(100);
            e.Property(t => t.PhraseId).HasMaxLength(100);
            e.Property(t => t.Cues).HasConversion(Json<IReadOnlyList<Cue>>(), ListComparer<Cue>());
            e.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => new { t.ConversationId, t.Sequence }).IsUnique();
            e.HasIndex(t => new { t.ConversationId, t.ClientTurnId }).IsUnique();
        });

        modelBuilder.Entity<StageChangeRecord>(e =>
        {
            e.Property(x => x.Trigger).HasMaxLength(32);
            e.Property(x => x.Reason).HasMaxLength(300);
            e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ConversationId, x.Id });
        });

        modelBuilder.Entity<CardEvent>(e =>
        {
            e.Property(x => x.PhraseId).HasMaxLength(100);
            e.Property(x => x.AgentId).HasMaxLength(64);
            e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.PhraseId, x.Action });
            e.HasIndex(x => x.ConversationId);
        });

        modelBuilder.Entity<LeadNote>(e =>
        {
            e.Property(x => x.LeadId).HasMaxLength(64);
            e.Property(x => x.LeadName).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(1000);
            e.Property(x => x.PhraseId).HasMaxLength(100);
            e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.ConversationId);
        });

        modelBuilder.Entity<WrapUp>(e =>
        {
            e.HasKey(x => x.ConversationId);
            e.Property(x => x.AgentId).HasMaxLength(64);
            e.Property(x => x.FollowUpNote).HasMaxLength(1000);
            e.Property(x => x.FollowUpResult).HasMaxLength(1000);
            e.Property(x => x.WentWell).HasMaxLength(2000);
            e.Property(x => x.DoDifferently).HasMaxLength(2000);
            e.HasOne<Conversation>().WithOne().HasForeignKey<WrapUp>(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AgentId, x.FollowUpDoneAt });
        });

        modelBuilder.Entity<Alert>(e =>
        {
            e.Property(x => x.TeamId).HasMaxLength(64);
            e.Property(x => x.AgentId).HasMaxLength(64);
            e.Property(x => x.Cause).HasMaxLength(200);
            e.Property(x => x.Detail).HasMaxLength(500);
            e.Property(x => x.AcknowledgedBy).HasMaxLength(200);
            e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ConversationId, x.Kind, x.Cause }).IsUnique();
            e.HasIndex(x => new { x.TeamId, x.AcknowledgedAt });
        });

        modelBuilder.Entity<TeamAlertRules>(e =>
        {
            e.HasKey(x => x.TeamId);
            e.Property(x => x.TeamId).HasMaxLength(64);
            e.HasOne<Team>().WithOne().HasForeignKey<TeamAlertRules>(x => x.TeamId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AgentBreak>(e =>
        {
            e.Property(x => x.AgentId).HasMaxLength(64);
            e.Property(x => x.SuggestedBy).HasMaxLength(200);
            e.HasIndex(x => new { x.AgentId, x.StartedAt });
        });

        modelBuilder.Entity<DetectionCueRecord>(e =>
        {
            e.ToTable("DetectionCues");
            e.Property(x => x.Phrase).HasMaxLength(100);
            e.Property(x => x.AddedBy).HasMaxLength(200);
        });

        modelBuilder.Entity<PersonaRecord>(e =>
        {
            e.Property(x => x.Id).HasMaxLength(100);
            e.Property(x => x.UpdatedBy).HasMaxLength(200);
        });

        modelBuilder.Entity<LibraryDraft>(e =>
        {
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.UpdatedBy).HasMaxLength(200);
        });

        modelBuilder.Entity<LibraryVersion>(e =>
        {
            e.HasKey(x => x.Number);
            e.Property(x => x.Number).ValueGeneratedNever();
            e.Property(x => x.PublishedBy).HasMaxLength(200);
            e.Property(x => x.Note).HasMaxLength(500);
        });

        modelBuilder.Entity<PhraseRecord>(e =>
        {
            e.ToTable("Phrases");
            e.Property(p => p.Id).HasMaxLength(100);
            e.Property(p => p.Text).HasMaxLength(1000);
        });

        modelBuilder.Entity<AvoidRecord>(e =>
        {
            e.ToTable("AvoidPhrases");
            e.Property(p => p.Id).HasMaxLength(100);
        });

        modelBuilder.Entity<ReviewComment>(e =>
        {
            e.Property(x => x.AgentId).HasMaxLength(64);
            e.Property(x => x.AuthorId).HasMaxLength(64);
            e.Property(x => x.AuthorName).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.ConversationId);
            e.HasIndex(x => new { x.AgentId, x.SeenAt });
        });

        modelBuilder.Entity<SharedExample>(e =>
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
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        NextRevisions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        NextRevisions();
        if (!Database.IsSqlite())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // SQLite takes one writer at a time and makes the others wait by blocking their threads;
        // waiting here instead, without a thread, keeps a busy instance's thread pool free.
        var writer = SqliteWriters.GetOrAdd(Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await writer.WaitAsync(cancellationToken);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            writer.Release();
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new(StringComparer.Ordinal);

    /// <summary>
    /// Every changed conversation is saved as its next revision, and only over the revision it was
    /// read at: a conversation changed elsewhere meanwhile fails the save instead of losing that change.
    /// </summary>
    private void NextRevisions()
    {
        foreach (var entry in ChangeTracker.Entries<Conversation>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var ended = entry.Property<long?>(EndedAtTicks);
                var ticks = entry.Entity.EndedAt?.UtcTicks;
                if (ended.CurrentValue != ticks)
                {
                    ended.CurrentValue = ticks;
                }
            }

            if (entry.State == EntityState.Modified)
            {
                var revision = entry.Property(c => c.Revision);
                revision.CurrentValue = revision.OriginalValue + 1;
            }
        }
    }

    /// <summary>
    /// When a conversation ended, as UTC ticks in a column of its own: the learning reports select a
    /// period in the database (SQLite cannot compare the text it keeps instants in).
    /// </summary>
    public const string EndedAtTicks = "EndedAtTicks";

    /// <summary>Conversations that ended in [from, to).</summary>
    public static IQueryable<Conversation> EndedBetween(IQueryable<Conversation> conversations, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var first = from.UtcTicks;
        var end = to.UtcTicks;
        return conversations.Where(c => EF.Property<long?>(c, EndedAtTicks) >= first && EF.Property<long?>(c, EndedAtTicks) < end);
    }

    private static readonly JsonSerializerOptions JsonOptions = DefaultLibrary.JsonOptions;

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Json<T>()
        where T : class =>
        new(v => JsonSerializer.Serialize(v, JsonOptions), s => JsonSerializer.Deserialize<T>(s, JsonOptions)!);

    private static ValueComparer<IReadOnlyList<T>> ListComparer<T>() =>
        new((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList());
}
