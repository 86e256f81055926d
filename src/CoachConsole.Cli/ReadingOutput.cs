using System.Numerics;
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

    /// <summary>Member names and fixed values, escaped once rather than on every line written.</summary>
    public static class Names
    {
        public static readonly JsonEncodedText Text = Encode("text");
        public static readonly JsonEncodedText Heat = Encode("heat");
        public static readonly JsonEncodedText Mood = Encode("mood");
        public static readonly JsonEncodedText Abusive = Encode("abusive");
        public static readonly JsonEncodedText Escalation = Encode("escalation");
        public static readonly JsonEncodedText Calming = Encode("calming");
        public static readonly JsonEncodedText Signals = Encode("signals");
        public static readonly JsonEncodedText Cues = Encode("cues");
        public static readonly JsonEncodedText Signal = Encode("signal");
        public static readonly JsonEncodedText Start = Encode("start");
        public static readonly JsonEncodedText Length = Encode("length");

        /// <summary>Each mood's name, by the mood's value.</summary>
        public static readonly JsonEncodedText[] Moods = EncodeAll(MoodNames);

        /// <summary>Every signal's name, in the enum's order, for the "signals" list.</summary>
        public static readonly JsonEncodedText[] SignalNames = EncodeAll(ReadingOutput.NamedSignals.Select(s => s.Name));

        /// <summary>A cue's signal name by the signal's bit ("heat" for none, after the 64 bits).</summary>
        private static readonly JsonEncodedText[] CueSignalNames = EncodeAll(Enumerable.Range(0, 65).Select(i => CoachCommand.SignalName(i < 64 ? (SignalKind)(1L << i) : SignalKind.None)));

        /// <summary>The name a cue's signal is written with.</summary>
        public static JsonEncodedText CueSignal(SignalKind kind) =>
            kind == SignalKind.None ? CueSignalNames[64]
            : BitOperations.IsPow2((ulong)kind) ? CueSignalNames[BitOperations.TrailingZeroCount((ulong)kind)]
            : Encode(CoachCommand.SignalName(kind));

        private static JsonEncodedText[] EncodeAll(IEnumerable<string> names)
        {
            var all = new List<JsonEncodedText>();
            foreach (var name in names)
            {
                all.Add(Encode(name));
            }

            return all.ToArray();
        }

        private static JsonEncodedText Encode(string s) => JsonEncodedText.Encode(s, JsonOptions.Encoder);
    }

    /// <summary>The "signals" and "cues" members shared by the analyze and replay outputs.</summary>
    public static void WriteSignalsAndCues(Utf8JsonWriter json, SignalReading reading)
    {
        json.WriteStartArray(Names.Signals);
        for (var i = 0; i < NamedSignals.Length; i++)
        {
            if (reading.Has(NamedSignals[i].Kind))
            {
                json.WriteStringValue(Names.SignalNames[i]);
            }
        }

        json.WriteEndArray();
        json.WriteStartArray(Names.Cues);
        foreach (var cue in reading.Cues)
        {
            json.WriteStartObject();
            json.WriteString(Names.Signal, Names.CueSignal(cue.Signal));

            json.WriteString(Names.Text, cue.Text);
            json.WriteNumber(Names.Start, cue.Start);
            json.WriteNumber(Names.Length, cue.Length);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
