using System.Security.Claims;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.Learning;

/// <summary>
/// The product's services (<see cref="CoachFactory.AddProductServices"/>) on a database of their own (SQLite, or PostgreSQL when the run asks for it), with the demo team and a clock the test
/// moves; plus a builder of constructed history (conversations with known heat, moves and wrap-ups).
/// </summary>
public sealed class LearningHost : IAsyncLifetime
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("coachconsole-learning-").FullName;
    private readonly ServiceProvider _services;

    public LearningHost()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        CoachFactory.AddProductServices(services, _directory, Clock);
        _services = services.BuildServiceProvider();
    }

    /// <summary>Starts a week after <see cref="Monday"/>, so constructed history lies in the past.</summary>
    public FakeTimeProvider Clock { get; } = new(Monday.AddDays(7));

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public Task InitializeAsync() => DatabaseSetup.InitializeAsync(_services, seedDemoData: true);

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        TestDatabase.Remove(_directory);
    }

    public async Task<CoachDbContext> DbAsync() => await Get<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();

    public static ClaimsPrincipal Person(string id, string name, string role, params string[] ledTeams)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, id),
            new(ClaimTypes.Name, id),
            new(ClaimTypes.Role, role),
            new(CoachClaims.DisplayName, name),
        };
        claims.AddRange(ledTeams.Select(t => new Claim(CoachClaims.Leads, t)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    public static ClaimsPrincipal Ana => Person("ana", "Ana Ruiz", Roles.Agent);

    public static ClaimsPrincipal Ben => Person("ben", "Ben Okafor", Roles.Agent);

    public static ClaimsPrincipal Leo => Person("leo", "Leo Park", Roles.TeamLead, DatabaseSetup.DemoTeamId);

    public static ClaimsPrincipal OtherLead => Person("olga", "Olga Berg", Roles.TeamLead, "other-team");

    public static ClaimsPrincipal Tara => Person("tara", "Tara Singh", Roles.Trainer);

    /// <summary>A customer turn of a constructed conversation: seconds after the start, text, heat, signals.</summary>
    public sealed record Said(int Second, string Text, double Heat, SignalKind Signals = SignalKind.None, Speaker Speaker = Speaker.Customer);

    /// <summary>Stores an ended conversation with exactly these turns, moves and wrap-up.</summary>
    public async Task<Guid> AddHistoryAsync(
        string customer, string issue, DateTimeOffset startedAt, int endSecond, IReadOnlyList<Said> turns,
        string agentId = "ana", string agentName = "Ana Ruiz", string teamId = DatabaseSetup.DemoTeamId,
        IReadOnlyList<(int Second, Stage From, Stage To)>? moves = null, WrapUp? wrapUp = null)
    {
        var conversation = new Conversation(Guid.NewGuid(), Channel.Chat, customer, issue, agentId, agentName, teamId, startedAt);
        conversation.End(startedAt.AddSeconds(endSecond));
        await using var db = await DbAsync();
        if (!await db.Teams.AnyAsync(t => t.Id == teamId))
        {
            db.Teams.Add(new Team { Id = teamId, Name = teamId });
        }

        db.Conversations.Add(conversation);
        var sequence = 0;
        foreach (var t in turns)
        {
            db.Turns.Add(new Turn
            {
                Id = Guid.NewGuid(),
                ConversationId = conversation.Id,
                Sequence = ++sequence,
                Speaker = t.Speaker,
                Text = t.Text,
                At = startedAt.AddSeconds(t.Second),
                Heat = t.Heat,
                Mood = Mood.Neutral,
                Signals = t.Signals,
                StageAfter = Stage.Listening,
            });
        }

        foreach (var (second, from, to) in moves ?? [])
        {
            db.StageChanges.Add(new StageChangeRecord { ConversationId = conversation.Id, From = from, To = to, Trigger = "Test", Reason = "constructed", At = startedAt.AddSeconds(second) });
        }

        if (wrapUp is not null)
        {
            wrapUp.ConversationId = conversation.Id;
            db.WrapUps.Add(wrapUp);
        }

        await db.SaveChangesAsync();
        return conversation.Id;
    }
}

/// <summary>A test class with a host of its own, started before and disposed after each test.</summary>
public abstract class LearningTests : IAsyncLifetime
{
    protected LearningHost Host { get; } = new();

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}
