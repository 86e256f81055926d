using System.Security.Claims;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Components.Shared;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Floor;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CoachConsole.Web.Components.Pages.Lead;

/// <summary>
/// The team lead's floor: every live conversation of the lead's teams as a tile, the ones in
/// trouble first, with the alert feed beside them. Updates mark the view dirty and a clock
/// renders it at most every <see cref="RenderInterval"/>, so a busy floor stays smooth.
/// </summary>
public sealed partial class Floor
{
    /// <summary>The viewer's time zone, for the times shown.</summary>
    [CascadingParameter]
    private ViewerZone? Zone { get; set; }

    public static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<Guid, ConversationView> _rows = [];
    private List<AlertView> _alerts = [];
    private IReadOnlyList<RosterRow> _roster = [];
    private List<TeamAlertRules> _rules = [];
    private IReadOnlySet<string> _teams = new HashSet<string>();
    private ClaimsPrincipal _lead = new();
    private IDisposable? _updates;
    private IDisposable? _alertFeed;
    private ITimer? _renderTimer;
    private volatile bool _dirty;
    private Guid? _open;
    private int _tab;
    private string _search = "";
    private string _channel = "all";
    private bool _troubleOnly;

    [Inject]
    private LiveConversations Live { get; set; } = default!;

    [Inject]
    private ConversationEventBus Events { get; set; } = default!;

    [Inject]
    private AlertFeed Alerts { get; set; } = default!;

    [Inject]
    private AlertRulesStore AlertRules { get; set; } = default!;

    [Inject]
    private HeatTrends Trends { get; set; } = default!;

    [Inject]
    private Roster RosterService { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>How many times the floor has rendered; the throttling is measured by it.</summary>
    internal int RenderCount { get; private set; }

    /// <summary>The floor has read its alerts, roster and rules: an empty floor is really empty.</summary>
    private bool _loaded;

    private int OpenAlertCount => _alerts.Count(a => a.IsOpen);

    private sealed record Tile(ConversationView Conversation, IReadOnlyList<AlertView> Alerts, int Score, string Level);

    private IEnumerable<Tile> Tiles => _rows.Values
        .Where(c => _channel == "all" || string.Equals(c.Channel.ToString(), _channel, StringComparison.OrdinalIgnoreCase))
        .Where(c => string.IsNullOrWhiteSpace(_search)
            || c.CustomerName.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || c.AgentName.Contains(_search, StringComparison.OrdinalIgnoreCase))
        .Select(c =>
        {
            var open = _alerts.Where(a => a.ConversationId == c.Id && a.IsOpen).ToList();
            return new Tile(c, open, Risk.Score(c, open), Risk.Level(c, open, Trends.HeatOf(c.Id)));
        })
        .Where(t => !_troubleOnly || t.Level != "calm")
        .OrderByDescending(t => t.Score)
        .ThenBy(t => t.Conversation.StartedAt);

    protected override async Task OnInitializedAsync()
    {
        _lead = (await AuthenticationState).User;
        _teams = _lead.LedTeams();
        if (RendererInfo.IsInteractive)
        {
            _updates = Events.Subscribe(OnUpdate);
            _alertFeed = Alerts.Subscribe(OnAlert);
            _renderTimer = Clock.CreateTimer(_ => RenderIfDirty(), null, RenderInterval, RenderInterval);
        }

        foreach (var entry in Live.All.Where(e => _teams.Contains(e.Conversation.TeamId)))
        {
            _rows.TryAdd(entry.Conversation.Id, entry.Conversation);
        }

        _alerts = [.. await Alerts.ForTeamsAsync(_teams)];
        _roster = await RosterService.ForTeamsAsync(_teams);
        _rules = [];
        foreach (var team in _teams.Order(StringComparer.Ordinal))
        {
            _rules.Add((await AlertRules.ForTeamAsync(team)).Copy());
        }

        _loaded = true;
    }

    protected override void OnAfterRender(bool firstRender) => RenderCount++;

    private void OnUpdate(ConversationUpdate update)
    {
        if (!_teams.Contains(update.Conversation.TeamId) || update.Kind == UpdateKind.Partial)
        {
            return;
        }

        _ = InvokeAsync(() =>
        {
            var c = update.Conversation;
            if (c.IsEnded)
            {
                // Its open alerts go with it, as they do from the floor's alert store.
                _rows.Remove(c.Id);
                _alerts.RemoveAll(a => a.ConversationId == c.Id && a.IsOpen);
            }
            else if (!_rows.TryGetValue(c.Id, out var known) || c.IsAtLeastAsNewAs(known))
            {
                _rows[c.Id] = c;
            }

            _dirty = true;
        });
    }

    private void OnAlert(AlertView alert)
    {
        if (!_teams.Contains(alert.TeamId))
        {
            return;
        }

        _ = InvokeAsync(() =>
        {
            var index = _alerts.FindIndex(a => a.Id == alert.Id);
            if (index >= 0)
            {
                _alerts[index] = alert;
            }
            else
            {
                _alerts.Insert(0, alert);
            }

            _dirty = true;
        });
    }

    private void RenderIfDirty()
    {
        if (!_dirty)
        {
            return;
        }

        _ = InvokeAsync(() =>
        {
            _dirty = false;
            StateHasChanged();
        });
    }

    /// <summary>An agent's raised hands: the open raised-hand alerts the floor shows, kept current as alerts arrive and are acknowledged.</summary>
    private int RaisedHandsOf(string agentId) => _alerts.Count(a => a.IsOpen && a.Kind == AlertKind.RaisedHand && a.AgentId == agentId);

    private string Since(DateTimeOffset at)
    {
        var span = Clock.GetUtcNow() - at;
        return span.TotalMinutes < 1 ? $"{Math.Max(0, (int)span.TotalSeconds)} s" : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min" : $"{(int)span.TotalHours} h {span.Minutes} min";
    }

    private Task OpenAsync(Guid conversationId)
    {
        _open = conversationId;
        return Task.CompletedTask;
    }

    private async Task AcknowledgeAsync(AlertView alert)
    {
        var done = await Alerts.AcknowledgeAsync(alert.Id, _lead);
        var index = _alerts.FindIndex(a => a.Id == done.Id);
        if (index >= 0)
        {
            _alerts[index] = done;
        }
    }

    private async Task SuggestBreakAsync(RosterRow row)
    {
        await RosterService.SuggestBreakAsync(row.AgentId, _lead);
        Snackbar.Add($"Break suggested to {row.Name}.", Severity.Success);
    }

    private async Task SaveRulesAsync(TeamAlertRules rules)
    {
        try
        {
            await AlertRules.SaveAsync(rules, _lead);
            Snackbar.Add($"Alert rules saved for {rules.TeamId}.", Severity.Success);
        }
        catch (InputRejectedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _updates?.Dispose();
        _alertFeed?.Dispose();
        if (_renderTimer is not null)
        {
            await _renderTimer.DisposeAsync();
        }
    }
}
