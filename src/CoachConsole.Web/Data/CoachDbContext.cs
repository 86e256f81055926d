using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Data;

/// <summary>
/// The product's storage on SQLite (the default); <see cref="PostgresCoachDbContext"/> is the same model on PostgreSQL.
/// Saves are stamped by <see cref="RevisionStamping"/> and, on SQLite, go one at a time through
/// <see cref="SqliteWriteGate"/>: both are added where the context is configured (<see cref="StorageSettings.Register"/>).
/// </summary>
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

    /// <summary>The one-writer gate of this context's SQLite database, found on its first save (see <see cref="SqliteWriteGate"/>).</summary>
    internal SemaphoreSlim? SqliteWriter { get; set; }

    /// <summary>The gate a save of this context holds while it runs.</summary>
    internal SqliteWriteGate.Held? SqliteWriteHeld { get; set; }

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

        // Each record's configuration lives beside it, in its feature's folder (FloorStorage.cs, ...).
        builder.ApplyConfigurationsFromAssembly(typeof(CoachDbContext).Assembly);
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
}
