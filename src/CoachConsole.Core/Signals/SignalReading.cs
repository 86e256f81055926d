using CoachConsole.Core.Conversations;

namespace CoachConsole.Core.Signals;

/// <summary>A span of the utterance that made the reader raise a signal or move the heat.</summary>
/// <param name="Signal">The signal the cue supports; <see cref="SignalKind.None"/> for a heat-only cue.</param>
/// <param name="Start">Offset of the cue in the analysed text.</param>
/// <param name="Length">Length of the cue in characters.</param>
/// <param name="Text">The cue as it appears in the text.</param>
public sealed record Cue(SignalKind Signal, int Start, int Length, string Text);

/// <summary>What the reader found in one utterance.</summary>
public sealed record SignalReading(double Heat, Mood Mood, SignalKind Signals, IReadOnlyList<Cue> Cues)
{
    public static readonly SignalReading Empty = new(0, Mood.Neutral, SignalKind.None, []);

    public bool Has(SignalKind signal) => (Signals & signal) == signal && signal != SignalKind.None;

    /// <summary>The cue texts behind a signal, for the reason shown on a coaching card.</summary>
    public IEnumerable<string> CuesFor(SignalKind signal) =>
        Cues.Where(c => c.Signal == signal).Select(c => c.Text).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many words the utterance has (0 when not counted).</summary>
    public int Words { get; init; }

    /// <summary>The utterance asks something (a question mark, or a question's form).</summary>
    public bool AsksQuestion { get; init; }

    /// <summary>True when the customer sounds upset enough that venting comes before solutions.</summary>
    public bool IsHot => Mood is Mood.Annoyed or Mood.Angry;
}

/// <summary>Reads the signals of one utterance.</summary>
public interface ISignalReader
{
    /// <summary>Texts longer than this are read up to the cap only.</summary>
    int MaxLength { get; }

    SignalReading Read(Speaker speaker, string text);
}
