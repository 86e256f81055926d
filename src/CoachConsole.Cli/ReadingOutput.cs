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

    // (plain loops here rather than queries over the enums: each query over a value type is code
    // compiled afresh at every start of the command line)

    /// <summary>Each mood's name in the output, by the mood's value.</summary>
    public static readonly string[] MoodNames = BuildMoodNames();

    /// <summary>Every signal with its output name, in the enum's order.</summary>
    public static readonly (SignalKind Kind, string Name)[] NamedSignals = BuildNamedSignals();

    private static string[] BuildMoodNames()
    {
        var moods = Enum.GetValues<Mood>();
        var names = new string[moods.Length];
        foreach (var m in moods)
        {
            names[(int)m] = m.ToString().ToLowerInvariant();
        }

        return names;
    }

    private static (SignalKind Kind, string Name)[] BuildNamedSignals()
    {
        var kinds = Enum.GetValues<SignalKind>();
        var named = new (SignalKind Kind, string Name)[kinds.Length];
        var n = 0;
        foreach (var k in kinds)
        {
            if (k != SignalKind.None)
            {
                named[n++] = (k, CoachCommand.SignalName(k));
            }
        }

        return named[..n];
    }

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
        public static readonly JsonEncodedText[] SignalNames = EncodeAll(NamedSignalNames());

        /// <summary>A cue's signal name by the signal's bit, and "heat" (no signal) after the 64 bits.</summary>
        private static readonly JsonEncodedText[] CueSignalNames = BuildCueSignalNames();

        /// <summary>The name a cue's signal is written with.</summary>
        public static JsonEncodedText CueSignal(SignalKind kind) =>
            kind == SignalKind.None ? CueSignalNames[64]
            : BitOperations.IsPow2((ulong)kind) ? CueSignalNames[BitOperations.TrailingZeroCount((ulong)kind)]
            : Encode(CoachCommand.SignalName(kind));

        private static string[] NamedSignalNames()
        {
            var names = new string[NamedSignals.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = NamedSignals[i].Name;
            }

            return names;
        }

        private static JsonEncodedText[] BuildCueSignalNames()
        {
            var names = new string[65];
            for (var i = 0; i < 64; i++)
            {
                names[i] = CoachCommand.SignalName((SignalKind)(1L << i));
            }

            names[64] = CoachCommand.SignalName(SignalKind.None);
            return EncodeAll(names);
        }

        private static JsonEncodedText[] EncodeAll(string[] names)
        {
            var all = new JsonEncodedText[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                all[i] = Encode(names[i]);
            }

            return all;
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
