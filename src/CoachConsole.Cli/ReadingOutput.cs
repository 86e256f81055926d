using System.Text.Encodings.Web;
using System.Text.Json;
using CoachConsole.Core.Signals;

namespace CoachConsole.Cli;

/// <summary>The parts of a reading that the analyze and replay outputs share.</summary>
internal static class ReadingOutput
{
    /// <summary>JSON as people read it: quotes and accents written as they are.</summary>
    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Each mood's name in the output, by the mood's value.</summary>
    public static readonly string[] MoodNames = Enum.GetValues<Mood>().OrderBy(m => (int)m)
        .Select(m => m.ToString().ToLowerInvariant()).ToArray();

    /// <summary>Every signal with its output name, in the enum's order.</summary>
    public static readonly (SignalKind Kind, string Name)[] NamedSignals = Enum.GetValues<SignalKind>()
        .Where(k => k != SignalKind.None).Select(k => (k, CoachCommand.SignalName(k))).ToArray();

    /// <summary>The names of the signals a reading raised, in the enum's order.</summary>
    public static IEnumerable<string> SignalNames(SignalReading reading)
    {
        foreach (var (kind, name) in NamedSignals)
        {
            if (reading.Has(kind))
            {
                yield return name;
            }
        }
    }

    /// <summary>The "signals" and "cues" members shared by the analyze and replay outputs.</summary>
    public static void WriteSignalsAndCues(Utf8JsonWriter json, SignalReading reading)
    {
        json.WriteStartArray("signals");
        foreach (var (kind, name) in NamedSignals)
        {
            if (reading.Has(kind))
            {
                json.WriteStringValue(name);
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("cues");
        foreach (var cue in reading.Cues)
        {
            json.WriteStartObject();
            json.WriteString("signal", CoachCommand.SignalName(cue.Signal));
            json.WriteString("text", cue.Text);
            json.WriteNumber("start", cue.Start);
            json.WriteNumber("length", cue.Length);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
