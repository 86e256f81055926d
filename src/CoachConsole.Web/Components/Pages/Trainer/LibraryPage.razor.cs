using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Components.Shared;
using CoachConsole.Web.Data;
using CoachConsole.Web.Library;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace CoachConsole.Web.Components.Pages.Trainer;

/// <summary>
/// The trainer's phrase library: a filtered grid of the draft, an editor that validates
/// placeholders and previews the phrasing filled in, publication as versions with their changes
/// and roll-back, and import and export.
/// </summary>
public sealed partial class LibraryPage
{
    /// <summary>The viewer's time zone, for the times shown.</summary>
    [CascadingParameter]
    private ViewerZone? Zone { get; set; }

    /// <summary>Largest library file accepted for import.</summary>
    public const long MaxImportBytes = 5 * 1024 * 1024;

    private IReadOnlyList<Phrase> _draft = [];
    private IReadOnlyList<PhraseChange> _changes = [];
    private IReadOnlyList<LibraryVersionView> _versions = [];
    private IReadOnlyList<PhraseChange>? _diff;
    private int _diffNumber;
    private List<string> _importErrors = [];
    private double? _importProgress;
    private bool _replace;
    private string? _message;
    private Severity _messageSeverity = Severity.Success;
    private string _note = "";
    private string _actor = "trainer";
    private Stage? _stage;
    private PhraseCategory? _category;
    private string _channel = "all";
    private string _team = "";
    private string _status = "all";
    private string _search = "";
    private EditModel _edit = new();
    private bool _editingExisting;

    [Inject]
    private LibraryService Library { get; set; } = default!;

    [Inject]
    private PhraseLibraryProvider Published { get; set; } = default!;

    [Inject]
    private CueService Cues { get; set; } = default!;

    [Inject]
    private SignalReader BuiltInReader { get; set; } = default!;

    private static readonly SignalKind[] CueSignals = Enum.GetValues<SignalKind>().Where(s => s is not (SignalKind.None or SignalKind.Venting)).ToArray();
    private IReadOnlyList<TrainerCueView> _cues = [];
    private SignalKind _cueSignal = SignalKind.ManagerRequest;
    private string _cuePhrase = "";
    private string _benchText = "";
    private Speaker _benchSpeaker = Speaker.Customer;
    private bool _benchDraft = true;
    private SignalReading? _bench;
    private int _whatIfDays = 7;
    private int _effectDays = 30;
    private IReadOnlyList<PhraseEffect>? _effects;

    [Inject]
    private Effectiveness EffectivenessFigures { get; set; } = default!;
    private double? _whatIfProgress;
    private IReadOnlyList<WhatIfResult>? _whatIf;

    [Inject]
    private WhatIfService WhatIf { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IEnumerable<Phrase> Filtered => _draft
        .Where(p => _stage is null || p.Stage == _stage)
        .Where(p => _category is null || p.Category == _category)
        .Where(p => _channel == "all" || p.Channel is null || p.Channel.ToString() == _channel)
        .Where(p => string.IsNullOrWhiteSpace(_team) || p.SuitsTeam(_team.Trim()))
        .Where(p => _status == "all" || _changes.Any(c => c.Id == p.Id))
        .Where(p => string.IsNullOrWhiteSpace(_search) || p.Text.Contains(_search, StringComparison.OrdinalIgnoreCase) || p.Id.Contains(_search, StringComparison.OrdinalIgnoreCase))
        .OrderBy(p => p.Stage)
        .ThenBy(p => p.LadderStep)
        .ThenBy(p => p.Category)
        .ThenBy(p => p.Id, StringComparer.Ordinal);

    private IReadOnlyList<RowError> EditErrors => LibraryFormat.Validate(_edit.ToPhrase());

    /// <summary>A blank new phrasing is not an error yet.</summary>
    private IReadOnlyList<RowError> VisibleErrors => _edit.Id.Length == 0 && _edit.Text.Length == 0 ? [] : EditErrors;

    /// <summary>Cues added or removed since the last cue publication.</summary>
    private int CueChanges => _cues.Count(c => c.InDraft != c.IsPublished);

    /// <summary>What the draft holds that agents do not see yet (phrasings and detection cues), or null when nothing.</summary>
    private string? DraftStatus => (_changes.Count, CueChanges) switch
    {
        (0, 0) => null,
        (var p, 0) => $"Draft: {Count(p, "unpublished phrasing change")}",
        (0, var c) => $"Draft: {Count(c, "unpublished cue change")} (Detection cues)",
        var (p, c) => $"Draft: {Count(p, "unpublished phrasing change")} and {Count(c, "cue change")}",
    };

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private string? Preview => string.IsNullOrWhiteSpace(_edit.Text)
        ? null
        : Core.Coaching.SuggestionEngine.FillView(_edit.Text, "Maria Lopez", "Ana Ruiz", "a broken blender", ["a replacement", "a full refund"]) ?? "(a placeholder cannot be filled)";

    protected override async Task OnInitializedAsync()
    {
        _actor = (await AuthenticationState).User.Identity?.Name ?? "trainer";
        await ReloadAsync();
        NewPhrase();
    }

    private async Task ReloadAsync()
    {
        _draft = await Library.DraftAsync();
        _changes = LibraryService.Diff(Published.Current.Phrases, _draft);
        _versions = await Library.VersionsAsync();
        _cues = await Cues.AllAsync();
    }

    private async Task AddCueAsync()
    {
        try
        {
            var added = await Cues.AddAsync(_cueSignal, _cuePhrase, _actor);
            Say($"Added “{added}” for {_cueSignal} to the draft cues.", Severity.Success);
            _cuePhrase = "";
        }
        catch (InputRejectedException ex)
        {
            Say(ex.Message, Severity.Error);
        }

        await ReloadAsync();
    }

    private async Task RemoveCueAsync(TrainerCueView cue)
    {
        await Cues.RemoveAsync(cue.Id);
        await ReloadAsync();
    }

    private async Task PublishCuesAsync()
    {
        await Cues.PublishAsync(_actor);
        Say("Detection cues published; every conversation reads with them from its next turn.", Severity.Success);
        await ReloadAsync();
    }

    /// <summary>A phrase's wording as agents see it now, else as in the draft; the id when neither has it any more.</summary>
    private string PhrasingOf(string phraseId) =>
        Published.Current.Phrases.FirstOrDefault(p => p.Id == phraseId)?.Text ?? _draft.FirstOrDefault(p => p.Id == phraseId)?.Text ?? phraseId;

    private static string Fmt(double? value) => value is { } v ? v.ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture) : "–";

    private static string Pct(double? value) => value is { } v ? $"{Math.Round(v * 100)}%" : "–";

    private async Task LoadEffectsAsync()
    {
        var now = Clock.GetUtcNow();
        _effects = await EffectivenessFigures.ForPeriodAsync(now.AddDays(-_effectDays), now.AddMinutes(1));
    }

    /// <summary>Promoting makes the phrase come first among its stage's cards once published.</summary>
    private async Task PromoteAsync(string phraseId)
    {
        try
        {
            await Library.PromoteAsync(phraseId, featured: true, _actor);
            Say($"{phraseId} is promoted in the draft; publish to show it first.", Severity.Success);
        }
        catch (InputRejectedException ex)
        {
            Say(ex.Message, Severity.Error);
        }

        await ReloadAsync();
    }

    /// <summary>Retiring takes the phrase out of the draft; agents stop seeing it once published.</summary>
    private async Task RetireAsync(string phraseId)
    {
        await Library.DeleteAsync(phraseId, _actor);
        Say($"{phraseId} is retired in the draft; publish to take it off agents' screens.", Severity.Info);
        await ReloadAsync();
    }

    private async Task RunWhatIfAsync()
    {
        _whatIfProgress = 0;
        var progress = new Progress<double>(p =>
        {
            _whatIfProgress = p;
            _ = InvokeAsync(StateHasChanged);
        });
        var now = Clock.GetUtcNow();
        _whatIf = await Task.Run(() => WhatIf.RunAsync(now.AddDays(-_whatIfDays), now.AddMinutes(1), progress));
        _whatIfProgress = null;
    }

    private async Task RunBenchAsync()
    {
        if (string.IsNullOrWhiteSpace(_benchText))
        {
            _bench = null;
            return;
        }

        // as the live coach does, an agent's text is read against the library's phrases to avoid too
        var reading = await Cues.TestAsync(BuiltInReader, _benchSpeaker, _benchText, _benchDraft);
        _bench = _benchSpeaker == Speaker.Agent ? AvoidMatcher.For(Published.Current).AddTo(reading, _benchText, BuiltInReader.MaxLength) : reading;
    }

    private void Edit(Phrase phrase)
    {
        _edit = EditModel.From(phrase);
        _editingExisting = true;
    }

    private void NewPhrase()
    {
        _edit = new EditModel();
        _editingExisting = false;
    }

    private void AsVariant()
    {
        var variant = 2;
        while (_draft.Any(p => p.Id == $"{_edit.Id}-v{variant}"))
        {
            variant++;
        }

        _edit.Id = $"{_edit.Id}-v{variant}";
        _editingExisting = false;
    }

    private async Task SaveAsync()
    {
        try
        {
            await Library.SaveAsync(_edit.ToPhrase(), _actor);
            Say($"Saved {_edit.Id} to the draft. Publish to show it to agents.", Severity.Success);
            _editingExisting = true;
        }
        catch (InputRejectedException ex)
        {
            Say(ex.Message, Severity.Error);
        }

        await ReloadAsync();
    }

    private async Task DeleteAsync()
    {
        await Library.DeleteAsync(_edit.Id, _actor);
        Say($"Removed {_edit.Id} from the draft.", Severity.Info);
        NewPhrase();
        await ReloadAsync();
    }

    private async Task PublishAsync()
    {
        try
        {
            var version = await Library.PublishAsync(_note, _actor);
            Say($"Published version {version.Number}; agents see it from their next card.", Severity.Success);
            _note = "";
        }
        catch (InputRejectedException ex)
        {
            Say(ex.Message, Severity.Error);
        }

        await ReloadAsync();
    }

    private async Task RollbackAsync(int number)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Roll back the library?",
            $"Agents will see version {number} again from their next card. It is published as a new version, so you can return to today's at any time.",
            yesText: $"Roll back to version {number}",
            cancelText: "Keep the current version");
        if (confirmed != true)
        {
            return;
        }

        var version = await Library.RollbackAsync(number, _actor);
        Say($"Version {number} is live again, as version {version.Number}.", Severity.Success);
        await ReloadAsync();
    }

    private async Task ShowDiffAsync(int number)
    {
        _diff = await Library.DiffAsync(number);
        _diffNumber = number;
    }

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        _importErrors = [];
        var file = e.File;
        if (file.Size > MaxImportBytes)
        {
            _importErrors.Add($"The file is larger than {MaxImportBytes / 1024 / 1024} MB.");
            return;
        }

        // Read in chunks so a large file shows its progress.
        _importProgress = 0;
        using var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream(MaxImportBytes))
        {
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                _importProgress = 100.0 * buffer.Length / Math.Max(1, file.Size);
                StateHasChanged();
            }
        }

        buffer.Position = 0;
        var result = file.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? LibraryFormat.ReadCsv(new StreamReader(buffer))
            : LibraryFormat.ReadJson(buffer);
        await Library.ImportAsync(result, _replace, _actor);
        _importProgress = null;
        if (result.Succeeded)
        {
            Say($"Imported {result.Phrases.Count} phrasings into the draft.", Severity.Success);
        }
        else
        {
            _importErrors = result.Errors.Select(x => x.ToString()).ToList();
            Say($"Nothing was imported: {result.Errors.Count} problem(s) in {file.Name}.", Severity.Error);
        }

        await ReloadAsync();
    }

    private void Say(string message, Severity severity)
    {
        _message = message;
        _messageSeverity = severity;
    }

    private sealed class EditModel
    {
        public string Id { get; set; } = "";

        public Stage Stage { get; set; } = Stage.Acknowledging;

        public PhraseCategory Category { get; set; } = PhraseCategory.Empathy;

        public string Channel { get; set; } = "both";

        public SignalKind Signal { get; set; }

        public int? LadderStep { get; set; }

        public string Teams { get; set; } = "";

        public string Text { get; set; } = "";

        public static EditModel From(Phrase p) => new()
        {
            Id = p.Id,
            Stage = p.Stage,
            Category = p.Category,
            Channel = p.Channel?.ToString() ?? "both",
            Signal = p.Signal,
            LadderStep = p.LadderStep,
            Teams = string.Join("; ", p.Teams),
            Text = p.Text,
        };

        public Phrase ToPhrase() => new()
        {
            Id = Id.Trim(),
            Stage = Stage,
            Category = Category,
            Channel = Enum.TryParse<Core.Conversations.Channel>(Channel, out var c) ? c : null,
            Signal = Signal,
            LadderStep = LadderStep,
            Teams = Teams.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Text = Text.Trim(),
        };
    }
}
