using CoachConsole.Core.Conversations;

namespace CoachConsole.Core.Signals;

/// <summary>A cue phrase a trainer added for a signal: what counts as that signal in their business.</summary>
public sealed record TrainerCue(SignalKind Signal, string Phrase);

/// <summary>
/// The built-in reader with the trainers' published cue phrases on top: a phrase found in the
/// text (whole words, any case) raises its signal and names itself as the cue. The built-in
/// reader stays the base; trainer cues only add.
/// </summary>
public sealed class LayeredSignalReader(ISignalReader inner, Func<IReadOnlyList<TrainerCue>> cues) : ISignalReader
{
    /// <summary>Signals a customer's words can raise; the rest are the agent's.</summary>
    public static readonly SignalKind CustomerSignals =
        SignalKind.Abuse | SignalKind.ManagerRequest | SignalKind.Acceptance | SignalKind.Rejection | SignalKind.Calming
        | SignalKind.ThreatToLeave | SignalKind.RepeatContact | SignalKind.Profanity;

    public int MaxLength => inner.MaxLength;

    public SignalReading Read(Speaker speaker, string text)
    {
        var reading = inner.Read(speaker, text);
        return Apply(reading, speaker, text.Length > MaxLength ? text[..MaxLength] : text, cues());
    }

    /// <summary>Adds what the given trainer cues find to a reading.</summary>
    public static SignalReading Apply(SignalReading reading, Speaker speaker, string text, IReadOnlyList<TrainerCue> cues)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(cues);
        if (cues.Count == 0)
        {
            return reading;
        }

        var signals = reading.Signals;
        var found = new List<Cue>();
        foreach (var cue in cues)
        {
            var forCustomer = (CustomerSignals & cue.Signal) == cue.Signal;
            if (forCustomer != (speaker == Speaker.Customer) || string.IsNullOrWhiteSpace(cue.Phrase))
            {
                continue;
            }

            var at = IndexOfWords(text, cue.Phrase.Trim());
            if (at >= 0)
            {
                signals |= cue.Signal;
                found.Add(new Cue(cue.Signal, at, cue.Phrase.Trim().Length, text.Substring(at, cue.Phrase.Trim().Length)));
            }
        }

        if (found.Count == 0)
        {
            return reading;
        }

        // Abuse aimed at the agent is never calm, whatever the heat model made of the words.
        var mood = reading.Mood;
        var heat = reading.Heat;
        if ((signals & SignalKind.Abuse) != 0 && mood is Mood.Positive or Mood.Neutral)
        {
            mood = Mood.Annoyed;
            heat = Math.Max(heat, 0.5);
            signals |= speaker == Speaker.Customer ? SignalKind.Venting : SignalKind.None;
        }

        return reading with { Signals = signals, Mood = mood, Heat = heat, Cues = [.. reading.Cues, .. found] };
    }

    /// <summary>The first place the phrase stands as whole words, ignoring case; -1 when it does not.</summary>
    private static int IndexOfWords(string text, string phrase)
    {
        var start = 0;
        while ((start = text.IndexOf(phrase, start, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = start + phrase.Length;
            var before = start == 0 || !char.IsLetterOrDigit(text[start - 1]);
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return start;
            }

            start++;
        }

        return -1;
    }
}
