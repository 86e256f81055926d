using System.Buffers;
using System.Text;
using System.Text.Json;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using CoachConsole.Core.Text;

namespace CoachConsole.Cli;

/// <summary><c>coach analyze</c>: the signal reader's reading of each utterance, one JSON object per line.</summary>
internal static class AnalyzeCommand
{
    public const string Usage =
        """
        coach analyze [--csv] [--speaker customer|agent] [FILE]
            Reads utterances from FILE (or standard input): one per line, or with --csv a CSV
            file with a header row and a `text` column. Writes one JSON object per line:
            {"text", "heat" (0..1), "mood" (positive|neutral|annoyed|angry),
             "abusive", "escalation", "calming" (booleans: the Abuse, ManagerRequest and
             Calming signals), "signals" (names of every signal raised),
             "cues": [{"signal", "text", "start", "length"}]}.
            A cue's signal is "heat" when it only moved the heat. --speaker agent reads the
            agent's signals (acknowledgement, apology, phraseToAvoid, ...) instead.
        """;

    public static async Task<int> RunAsync(string[] args, CoachCommand.Io io)
    {
        var options = new OptionParser().Flags("--csv").Values("--speaker").Positional(1).Parse(args);
        var speaker = options.Value("--speaker") switch
        {
            null or "customer" => Speaker.Customer,
            "agent" => Speaker.Agent,
            var s => throw new UsageException($"unknown speaker '{s}' (customer or agent)."),
        };
        var file = options.Positional.FirstOrDefault();
        using var input = file is null or "-" ? null : CommandInput.OpenFile(file);
        var reader = input ?? io.In;
        var avoid = speaker == Speaker.Agent ? AvoidMatcher.For(ReplayCommand.Library.Value) : null;
        var line = new AnalysisLine(io.Out);
        void Analyze(string text)
        {
            var reading = CoachCommand.Reader.Read(speaker, text);
            if (avoid is not null)
            {
                reading = avoid.AddTo(reading, text, CoachCommand.Reader.MaxLength);
            }

            line.Write(text, reading);
        }

        try
        {
            if (options.Has("--csv") || input is not null)
            {
                foreach (var text in options.Has("--csv") ? ReadCsvColumn(reader, "text") : ReadLines(reader))
                {
                    Analyze(text);
                }
            }
            else
            {
                await foreach (var text in ReadLinesAsWrittenAsync(reader, line))
                {
                    Analyze(text);
                }
            }
        }
        finally
        {
            // what was answered before a bad line still goes out
            await line.FlushAsync();
        }

        return 0;
    }

    /// <summary>
    /// The lines of a stream another program writes. Output to a file or a pipe is buffered; what
    /// has been written goes out whenever the next line is not there yet, so a caller feeding lines
    /// one at a time sees each answer before it sends the next.
    /// </summary>
    private static async IAsyncEnumerable<string> ReadLinesAsWrittenAsync(TextReader reader, AnalysisLine output)
    {
        while (true)
        {
            var next = reader.ReadLineAsync(CancellationToken.None);
            if (!next.IsCompleted)
            {
                await output.FlushAsync();
            }

            if (await next is not { } line)
            {
                yield break;
            }

            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static IEnumerable<string> ReadCsvColumn(TextReader reader, string name)
    {
        var csv = new CsvReader(reader);
        var header = csv.ReadRecord() ?? throw new InvalidDataException("the CSV input is empty.");
        var column = CommandInput.Column(header, name, "the CSV input");
        foreach (var record in csv.ReadAll())
        {
            if (column >= record.Count)
            {
                throw new InvalidDataException($"CSV line {csv.LineNumber} has no '{name}' field.");
            }

            yield return record[column];
        }
    }

    /// <summary>
    /// Writes analyze lines (one JSON object per utterance) one after another through one reused JSON writer and buffer, so a long
    /// file costs the reading of its lines and little else. Into a UTF-8 stream (a file or a pipe) the JSON's bytes go out as they
    /// are, in blocks; any other writer gets them as text, a line at a time.
    /// </summary>
    private sealed class AnalysisLine
    {
        private const int Block = 1 << 16;
        private readonly ArrayBufferWriter<byte> _bytes = new(Block + 4096);
        private readonly Utf8JsonWriter _json;
        private readonly TextWriter _output;
        private readonly Stream? _stream;
        private char[] _chars = new char[1024];

        public AnalysisLine(TextWriter output)
        {
            _output = output;
            _json = new Utf8JsonWriter(_bytes, ReadingOutput.JsonOptions);
            if (output is StreamWriter { Encoding.CodePage: 65001 } writer)
            {
                // whatever the writer holds (its preamble, if it has one) goes first
                writer.Flush();
                _stream = writer.BaseStream;
            }
        }

        public void Write(string text, SignalReading reading)
        {
            ArgumentNullException.ThrowIfNull(reading);
            if (_stream is null)
            {
                _bytes.ResetWrittenCount();
            }

            _json.Reset(_bytes);
            _json.WriteStartObject();
            _json.WriteString(ReadingOutput.Names.Text, text);
            _json.WriteNumber(ReadingOutput.Names.Heat, Math.Round(reading.Heat, 3));
            _json.WriteString(ReadingOutput.Names.Mood, ReadingOutput.Names.Moods[(int)reading.Mood]);
            _json.WriteBoolean(ReadingOutput.Names.Abusive, reading.Has(SignalKind.Abuse));
            _json.WriteBoolean(ReadingOutput.Names.Escalation, reading.Has(SignalKind.ManagerRequest));
            _json.WriteBoolean(ReadingOutput.Names.Calming, reading.Has(SignalKind.Calming));
            ReadingOutput.WriteSignalsAndCues(_json, reading);
            _json.WriteEndObject();
            _json.Flush();

            if (_stream is not null)
            {
                _bytes.GetSpan(1)[0] = (byte)'\n';
                _bytes.Advance(1);
                if (_bytes.WrittenCount >= Block)
                {
                    _stream.Write(_bytes.WrittenSpan);
                    _bytes.ResetWrittenCount();
                }

                return;
            }

            var bytes = _bytes.WrittenSpan;
            var length = Encoding.UTF8.GetMaxCharCount(bytes.Length) + 1;
            if (_chars.Length < length)
            {
                _chars = new char[Math.Max(length, _chars.Length * 2)];
            }

            var written = Encoding.UTF8.GetChars(bytes, _chars);
            _chars[written] = '\n';
            _output.Write(_chars, 0, written + 1);
        }

        /// <summary>Sends everything written so far.</summary>
        public async Task FlushAsync()
        {
            if (_stream is null)
            {
                await _output.FlushAsync();
                return;
            }

            if (_bytes.WrittenCount > 0)
            {
                await _stream.WriteAsync(_bytes.WrittenMemory);
                _bytes.ResetWrittenCount();
            }

            await _stream.FlushAsync();
        }
    }
}
