using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Practice;
using CoachConsole.Core.Privacy;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Learning;

/// <summary>One masked turn of an example.</summary>
public sealed record ExampleTurn(Speaker Speaker, string Text, double Heat, Stage StageAfter, IReadOnlyList<string> Signals);

/// <summary>A shared example as agents browse it: masked, with the note on what made it work.</summary>
public sealed record ExampleView(
    Guid Id,
    Guid? ConversationId,
    string Situation,
    string Cause,
    string Title,
    string Note,
    Channel Channel,
    double PeakHeat,
    bool Abusive,
    IReadOnlyList<ExampleTurn> Turns,
    IReadOnlyList<Stage> StagePath,
    IReadOnlyList<string> Options,
    string MarkedByName,
    DateTimeOffset MarkedAt);

/// <summary>
/// Conversations handled well, shared as examples. The example is a masked snapshot taken when it
/// is shared: card numbers, e-mail addresses and phone numbers masked, the customer's and the
/// agent's names replaced, so nothing personal is kept and later changes to the conversation do
/// not reach it.
/// </summary>
public sealed partial class SharedExamples(IDbContextFactory<CoachDbContext> dbFactory, ReviewService reviews, AuditLog audit, TimeProvider clock)
{
    public const int MaxNote = 2000;
    public const string CustomerStandIn = "the customer";
    public const string AgentStandIn = "the agent";

    private static readonly TranscriptMasker Masker = new(new MaskingOptions { MaskEmails = true, MaskPhoneNumbers = true });
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private sealed record Snapshot(IReadOnlyList<ExampleTurn> Turns, IReadOnlyList<Stage> StagePath, IReadOnlyList<string> Options);

    /// <summary>Shares an ended conversation as an example; sharing it again updates the situation and the note.</summary>
    public async Task<ExampleView> ShareAsync(Guid conversationId, ClaimsPrincipal who, string? situation, string note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.IsNullOrWhiteSpace(note) || note.Length > MaxNote)
        {
            throw new InputRejectedException("note", $"Say what made it work, in 1 to {MaxNote} characters.");
        }

        if (situation is not null && !IssueTaxonomy.Categories.Contains(situation))
        {
            throw new InputRejectedException("situation", "Choose one of the listed situations.");
        }

        var review = await reviews.GetAsync(conversationId, who, cancellationToken);
        if (!who.CanShareExample(review.Conversation))
        {
            throw new AccessDeniedException("Leads and trainers share examples.");
        }

        var c = review.Conversation;
        var names = new[] { (c.CustomerName, CustomerStandIn), (c.AgentName, AgentStandIn) };
        var snapshot = new Snapshot(
            review.Transcript.Select(t => new ExampleTurn(t.Speaker, Mask(t.Text, names), t.Heat, t.StageAfter, t.Signals)).ToList(),
            review.Stages,
            c.Options.Select(o => Mask(o, names)).ToList());

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var example = await db.SharedExamples.FirstOrDefaultAsync(e => e.ConversationId == conversationId, cancellationToken);
        if (example is null)
        {
            example = new SharedExample
            {
                Id = Guid.CreateVersion7(),
                ConversationId = conversationId,
                TeamId = c.TeamId,
                Situation = "",
                Cause = "",
                Title = "",
                Note = "",
                Snapshot = "",
                MarkedBy = "",
                MarkedByName = "",
            };
            db.SharedExamples.Add(example);
        }

        var abusive = review.Transcript.Any(t => SignalNames.Parse(t.Signals).HasFlag(SignalKind.Abuse)) || c.BoundaryStep > 0;
        example.Situation = situation ?? (abusive ? IssueTaxonomy.AbusiveCaller : review.Issue.Category);
        example.Cause = review.Issue.Cause;
        example.Title = Mask(c.IssueSummary, names);
        example.Note = Mask(note.Trim(), names);
        example.Channel = c.Channel;
        example.PeakHeat = review.CustomerHeat.DefaultIfEmpty(0).Max();
        example.Abusive = abusive;
        example.Snapshot = JsonSerializer.Serialize(snapshot, Json);
        example.MarkedBy = who.UserId() ?? "";
        example.MarkedByName = who.DisplayNameOf();
        example.MarkedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(who.Actor(), AuditActions.ExampleShared, example.Id.ToString(), example.Situation, cancellationToken);
        return ToView(example);
    }

    /// <summary>Examples by situation and free text (in the title, the note and the turns), newest first.</summary>
    public async Task<IReadOnlyList<ExampleView>> SearchAsync(string? situation = null, string? text = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.SharedExamples.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(situation))
        {
            query = query.Where(e => e.Situation == situation);
        }

        var all = (await query.ToListAsync(cancellationToken)).Select(ToView);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            all = all.Where(e => words.All(w =>
                e.Title.Contains(w, StringComparison.OrdinalIgnoreCase)
                || e.Note.Contains(w, StringComparison.OrdinalIgnoreCase)
                || e.Situation.Contains(w, StringComparison.OrdinalIgnoreCase)
                || e.Cause.Contains(w, StringComparison.OrdinalIgnoreCase)
                || e.Turns.Any(t => t.Text.Contains(w, StringComparison.OrdinalIgnoreCase))));
        }

        return all.OrderByDescending(e => e.MarkedAt).ToList();
    }

    public async Task<ExampleView?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var example = await db.SharedExamples.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return example is null ? null : ToView(example);
    }

    public async Task RemoveAsync(Guid id, ClaimsPrincipal who, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (!who.CanShareExamples())
        {
            throw new AccessDeniedException("Leads and trainers remove examples.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var example = await db.SharedExamples.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (example is null)
        {
            return;
        }

        if (!who.IsInRole(Roles.Trainer) && !who.CanWatchTeam(example.TeamId))
        {
            throw new AccessDeniedException("That example is from another team.");
        }

        db.SharedExamples.Remove(example);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(who.Actor(), AuditActions.ExampleRemoved, id.ToString(), example.Situation, cancellationToken);
    }

    /// <summary>
    /// A practice persona played from an example: its opening and lines are the customer's own
    /// (masked) words, sorted by what each turn expressed; moods the example never reached are
    /// filled from the shipped persona closest to the situation.
    /// </summary>
    public static Persona ToPersona(ExampleView example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var fallback = DefaultPersonas.Load().FirstOrDefault(p => p.Id == FallbackPersona(example.Situation)) ?? DefaultPersonas.Load()[0];
        var customer = example.Turns.Where(t => t.Speaker == Speaker.Customer).ToList();
        var lines = customer.Skip(1).Select(t => new PersonaLine(MoodOf(t), t.Text)).ToList();
        var persona = fallback with
        {
            Id = $"example-{example.Id:N}",
            Scenario = $"From an example: {example.Title}",
            Issue = example.Title,
            Channel = example.Channel,
            Options = example.Options.Count > 0 ? example.Options : fallback.Options,
            StartHeat = customer.Count > 0 ? Math.Clamp(customer[0].Heat, 0.6, 0.95) : fallback.StartHeat,
            Abusive = example.Abusive || fallback.Abusive,
            Opening = customer.Count > 0 ? [customer[0].Text] : fallback.Opening,
            Lines = lines,
        };
        var missing = persona.RequiredMoods.Where(m => lines.All(l => l.Mood != m)).ToHashSet();
        return persona with { Lines = [.. lines, .. fallback.Lines.Where(l => missing.Contains(l.Mood)), .. Generic.Where(l => missing.Contains(l.Mood) && fallback.Lines.All(f => f.Mood != l.Mood))] };
    }

    private static readonly PersonaLine[] Generic =
    [
        new(CustomerMood.Angry, "I'm still really annoyed about this."),
        new(CustomerMood.Calming, "Alright, that helps a bit."),
        new(CustomerMood.Answering, "It happened earlier this week."),
        new(CustomerMood.Accepting, "Okay, that sounds fair. Thank you."),
        new(CustomerMood.Rejecting, "No, that doesn't work for me."),
        new(CustomerMood.WantsManager, "I want to speak to your manager."),
        new(CustomerMood.Escalated, "Okay, I'll wait for them."),
        new(CustomerMood.Abusive, "You're useless, you idiot."),
        new(CustomerMood.Respectful, "Fine. Sorry. Let's just sort it out."),
    ];

    private static string FallbackPersona(string situation) => situation switch
    {
        IssueTaxonomy.BillingDispute or IssueTaxonomy.Cancellation => "billing-dispute",
        IssueTaxonomy.AbusiveCaller => "abusive-caller",
        _ => "defective-blender",
    };

    private static CustomerMood MoodOf(ExampleTurn turn)
    {
        var signals = SignalNames.Parse(turn.Signals);
        bool Has(SignalKind s) => signals.HasFlag(s);
        return Has(SignalKind.Abuse) ? CustomerMood.Abusive
            : Has(SignalKind.ManagerRequest) ? CustomerMood.WantsManager
            : Has(SignalKind.Acceptance) ? CustomerMood.Accepting
            : Has(SignalKind.Rejection) ? CustomerMood.Rejecting
            : turn.Heat >= 0.55 ? CustomerMood.Angry
            : Has(SignalKind.Calming) ? CustomerMood.Calming
            : CustomerMood.Answering;
    }

    /// <summary>Masks personal data and replaces the names (whole and each part of three letters or more).</summary>
    public static string Mask(string text, IEnumerable<(string Name, string StandIn)> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var masked = Masker.Mask(text);
        foreach (var (name, standIn) in names)
        {
            var parts = new[] { name.Trim() }.Concat(name.Split([' ', '-', '.', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Length >= 3))
                .Where(p => p.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderByDescending(p => p.Length);
            foreach (var part in parts)
            {
                masked = Regex.Replace(masked, $@"(?<!\w){Regex.Escape(part)}(?!\w)", standIn, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
        }

        return masked;
    }

    private static ExampleView ToView(SharedExample e)
    {
        var snapshot = JsonSerializer.Deserialize<Snapshot>(e.Snapshot, Json) ?? new Snapshot([], [], []);
        return new ExampleView(e.Id, e.ConversationId, e.Situation, e.Cause, e.Title, e.Note, e.Channel, e.PeakHeat, e.Abusive, snapshot.Turns, snapshot.StagePath, snapshot.Options, e.MarkedByName, e.MarkedAt);
    }
}
