using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachConsole.Cli;

/// <summary><c>coach load</c>: drives simulated conversations against a running instance and reports latency, loss, memory and CPU.</summary>
internal static class LoadCommand
{
    public const string Usage =
        """
        coach load --url URL --key KEY [--conversations 50] [--consoles N] [--turns 8]
                   [--chat-pause-ms 8000] [--voice-pause-ms 4000] [--pause-ms MS] [--rate N]
                   [--voice-share 0.2] [--hub-url URL] [--json]
            Drives N simulated conversations against a running instance through the public API:
            customers and agents take turns, on chats about every 8 s and on calls about every
            4 s (each pause drawn between half and one and a half times that; --pause-ms sets
            both), with M hub clients (consoles, default one per conversation) subscribed to them.
            --rate N instead sends N turns a second in all, the conversations in turn, on
            schedule whether or not earlier turns were answered (open loop: a slow instance shows
            as latency, not as a slower client), and takes each turn's latency from the time it
            was due; it replaces the pause options.
            Reports, per turn, the latency from sending it to its TurnAdded arriving at the
            subscribed client (p50, p99, p99.9, max), throughput, errors, lost turns (accepted
            but never delivered), the instance's memory per connected console (its managed
            heap, settled, before and after the consoles connect) and the instance's CPU time
            per accepted turn (its processCpuSeconds from GET /api/v1/instance before and after
            the turns; an instance that does not report it is named in one line and the figure
            is left out). --hub-url connects the
            consoles to another instance than the one taking the turns, to measure the way
            through Redis between instances. Progress goes to standard
            error; --json writes the result as one JSON object: {conversations, consoles, rate,
            turnsSent, turnsAccepted, delivered, lost, errors, seconds, turnsPerSecond,
            latencyMs: {p50, p99, p999, max}, memory: {heapBeforeMb, heapWithConsolesMb,
            perConsoleKb}, serverCpu: {seconds, msPerAcceptedTurn}} (rate, memory and
            serverCpu are null when not set or not reported).
        """;

    private static readonly string[] CustomerLines =
    [
        "Hi, my order still hasn't arrived and it's been two weeks.",
        "This is ridiculous, I've been waiting forever!!!",
        "OK, can you tell me when it will get here?",
        "That works for me, thank you.",
    ];

    private static readonly string[] AgentLines =
    [
        "I'm sorry about the wait, I understand how frustrating that is.",
        "Could you tell me your order number so I can check?",
        "I can offer a replacement or a full refund, which would you prefer?",
        "Thank you for your patience, I'll follow up by email tomorrow.",
    ];

    public static async Task<int> RunAsync(string[] args, CoachCommand.Io io)
    {
        static int WholeNumber(string v, string name, int min) =>
            int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min ? n : throw new UsageException($"{name} must be a whole number of at least {min}.");
        var options = new OptionParser()
            .Values("--url", "--key", "--hub-url")
            .Value("--conversations", v => WholeNumber(v, "--conversations", 1))
            .Value("--consoles", v => WholeNumber(v, "--consoles", 1))
            .Value("--turns", v => WholeNumber(v, "--turns", 1))
            .Value("--pause-ms", v => WholeNumber(v, "--pause-ms", 0))
            .Value("--chat-pause-ms", v => WholeNumber(v, "--chat-pause-ms", 0))
            .Value("--voice-pause-ms", v => WholeNumber(v, "--voice-pause-ms", 0))
            .Value("--rate", v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond) && double.IsFinite(perSecond) && perSecond > 0
                ? perSecond
                : throw new UsageException("--rate is a number of turns a second above 0, such as 500 or 0.5."))
            .Value("--voice-share", v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1 ? share : throw new UsageException("--voice-share is between 0 and 1."))
            .Flags("--json")
            .OptionsOnly()
            .Parse(args);
        var url = options.Value("--url");
        var key = options.Value("--key");
        var hubUrl = options.Value("--hub-url");
        var conversations = options.Get("--conversations", 50);
        var consoles = options.Get("--consoles", -1);
        var turns = options.Get("--turns", 8);

        // --pause-ms sets both pauses; whichever of it and a channel's own option comes last counts.
        var chatPauseMs = options.Last(8000, "--pause-ms", "--chat-pause-ms");
        var voicePauseMs = options.Last(4000, "--pause-ms", "--voice-pause-ms");
        var pauseGiven = options.Has("--pause-ms") || options.Has("--chat-pause-ms") || options.Has("--voice-pause-ms");
        var rate = options.Get<double?>("--rate", null);
        var voiceShare = options.Get("--voice-share", 0.2);
        var json = options.Has("--json");

        if (url is null || key is null || !Uri.TryCreate(url, UriKind.Absolute, out var baseUri))
        {
            throw new UsageException("give the instance with --url http://host:port and a connector key with --key.");
        }

        if (rate is not null && pauseGiven)
        {
            throw new UsageException("--rate sets the pace of every turn: leave out --pause-ms, --chat-pause-ms and --voice-pause-ms.");
        }

        consoles = consoles < 0 ? conversations : Math.Min(consoles, conversations);
        Uri? hubBase = baseUri;
        if (hubUrl is not null && !Uri.TryCreate(hubUrl, UriKind.Absolute, out hubBase))
        {
            throw new UsageException("--hub-url is an address such as http://host:port.");
        }

        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // Turn ids new to the server on every run, so a second run against the same server (the floor
        // keeps every turn id it saw) is not taken for a repeat; letters only, never read as a card number.
        var run = string.Create(8, Random.Shared, (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + random.Next(26));
            }
        });
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        var accepted = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var delivered = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var errors = 0;

        // Start the conversations, then the consoles that watch them.
        var ids = new List<Guid>();
        var voice = new List<bool>();
        for (var c = 0; c < conversations; c++)
        {
            var channel = c < conversations * voiceShare ? "voice" : "chat";
            var response = await http.PostAsJsonAsync("/api/v1/conversations", new { channel, customerName = $"Load Customer {c + 1}", issueSummary = "a late order", options = new[] { "a replacement", "a full refund" } });
            if (!response.IsSuccessStatusCode)
            {
                await io.Error.WriteLineAsync($"coach load: the instance refused to start a conversation ({(int)response.StatusCode}); check --url and --key.");
                return CoachCommand.DataError;
            }

            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            voice.Add(channel == "voice");
        }

        // One short exchange first, not counted: both ends load and compile their paths before the clock starts.
        var warmUp = await http.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = "Load warm-up", issueSummary = "a late order" });
        if (warmUp.IsSuccessStatusCode)
        {
            var warmId = (await warmUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            for (var t = 0; t < 4; t++)
            {
                await http.PostAsJsonAsync($"/api/v1/conversations/{warmId}/turns", new { speaker = t % 2 == 0 ? "customer" : "agent", text = t % 2 == 0 ? CustomerLines[t / 2] : AgentLines[t / 2] });
            }

            await http.PostAsync(new Uri($"/api/v1/conversations/{warmId}/end", UriKind.Relative), null);
        }

        var heapBefore = await SettledHeapAsync(http);

        var hubs = new List<HubConnection>();
        try
        {
            for (var h = 0; h < consoles; h++)
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(hubBase, "hubs/coaching"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(key))
                    .Build();
                hub.On<JsonElement>("TurnAdded", payload =>
                {
                    var turnId = payload.GetProperty("turn").GetProperty("turnId").GetString();
                    if (turnId is not null && sent.TryGetValue(turnId, out var started) && delivered.TryAdd(turnId, 0))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                });
                await hub.StartAsync();
                hubs.Add(hub);
            }

            for (var c = 0; c < ids.Count; c++)
            {
                await hubs[c % hubs.Count].InvokeAsync<JsonElement>("SubscribeToConversation", ids[c]);
            }

            var heapWithConsoles = await SettledHeapAsync(http);
            var (cpuBefore, cpuMissing) = await ProcessCpuSecondsAsync(http);

            var total = conversations * turns;
            var clock = Stopwatch.StartNew();
            using var progress = new CancellationTokenSource();
            var reporter = json ? Task.CompletedTask : Task.Run(async () =>
            {
                while (!progress.IsCancellationRequested)
                {
                    await io.Error.WriteAsync($"\r{accepted.Count}/{total} turns accepted, {delivered.Count} delivered, {Volatile.Read(ref errors)} errors ");
                    await Task.Delay(500, progress.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            });

            // One turn: its latency runs from `due`, the time it was meant to go (now, in a closed loop).
            async Task SendTurnAsync(int c, int t, long due)
            {
                var turnId = $"load-{run}-{c}-{t}";
                var customer = t % 2 == 0;
                var text = customer ? CustomerLines[(t / 2) % CustomerLines.Length] : AgentLines[(t / 2) % AgentLines.Length];
                sent[turnId] = due;
                try
                {
                    using var response = await http.PostAsJsonAsync($"/api/v1/conversations/{ids[c]}/turns", new { speaker = customer ? "customer" : "agent", text, turnId });
                    if (response.IsSuccessStatusCode)
                    {
                        accepted.TryAdd(turnId, 0);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Refused at the socket, or not answered within the client's timeout.
                    Interlocked.Increment(ref errors);
                }
            }

            if (rate is { } perSecond)
            {
                // Open loop: turn k is due k / rate seconds after the start, the conversations in
                // turn, and goes then whether or not the earlier ones have been answered.
                var start = Stopwatch.GetTimestamp();
                var pending = new List<Task>(total);
                for (var k = 0; k < total; k++)
                {
                    var due = start + (long)(k * (Stopwatch.Frequency / perSecond));
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)));
                    }

                    pending.Add(SendTurnAsync(k % ids.Count, k / ids.Count, due));
                }

                await Task.WhenAll(pending);
            }
            else
            {
                await Task.WhenAll(ids.Select(async (id, c) =>
                {
                    var pauseMs = voice[c] ? voicePauseMs : chatPauseMs;
                    var random = new Random(c);

                    // Spread the conversations over the pause, as real ones are: not all in one burst.
                    if (pauseMs > 0)
                    {
                        await Task.Delay(c * pauseMs / ids.Count);
                    }

                    for (var t = 0; t < turns; t++)
                    {
                        await SendTurnAsync(c, t, Stopwatch.GetTimestamp());
                        if (pauseMs > 0)
                        {
                            await Task.Delay(pauseMs / 2 + random.Next(pauseMs + 1));
                        }
                    }
                }));
            }

            // Give the last updates a moment to arrive before counting what was lost.
            var deadline = Stopwatch.StartNew();
            while (accepted.Keys.Any(k => !delivered.ContainsKey(k)) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var (cpuAfter, cpuMissingAfter) = await ProcessCpuSecondsAsync(http);
            cpuMissing ??= cpuMissingAfter;
            await progress.CancelAsync();
            await reporter;

            foreach (var id in ids)
            {
                await http.PostAsync($"/api/v1/conversations/{id}/end", null);
            }

            var sorted = latencies.OrderBy(x => x).ToArray();
            double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            var result = new
            {
                conversations,
                consoles = hubs.Count,
                rate,
                turnsSent = total,
                turnsAccepted = accepted.Count,
                delivered = delivered.Count,
                lost = accepted.Keys.Count(k => !delivered.ContainsKey(k)),
                errors,
                seconds = Math.Round(seconds, 2),
                turnsPerSecond = Math.Round(accepted.Count / Math.Max(seconds, 0.001), 1),
                latencyMs = new { p50 = Math.Round(Percentile(0.50), 2), p99 = Math.Round(Percentile(0.99), 2), p999 = Math.Round(Percentile(0.999), 2), max = Math.Round(sorted.LastOrDefault(), 2) },
                memory = heapBefore is { } before && heapWithConsoles is { } with
                    ? new { heapBeforeMb = Math.Round(before / 1048576.0, 1), heapWithConsolesMb = Math.Round(with / 1048576.0, 1), perConsoleKb = Math.Round((with - before) / 1024.0 / Math.Max(hubs.Count, 1), 1) }
                    : null,
                serverCpu = cpuBefore is { } cpu0 && cpuAfter is { } cpu1
                    ? new { seconds = Math.Round(cpu1 - cpu0, 3), msPerAcceptedTurn = Math.Round((cpu1 - cpu0) * 1000 / Math.Max(accepted.Count, 1), 3) }
                    : null,
            };
            var cpuSkipped = cpuMissing is null ? null : $"instance CPU: {cpuMissing}; CPU per turn left out";
            if (json)
            {
                if (cpuSkipped is not null)
                {
                    await io.Error.WriteLineAsync(cpuSkipped);
                }

                await io.Out.WriteLineAsync(JsonSerializer.Serialize(result));
            }
            else
            {
                await io.Error.WriteLineAsync();
                await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{result.conversations} conversations, {result.consoles} consoles{(rate is { } r ? ", " + r.ToString(CultureInfo.InvariantCulture) + " turns a second on schedule (open loop)" : "")}: {result.turnsAccepted}/{result.turnsSent} turns accepted in {result.seconds} s ({result.turnsPerSecond}/s), {result.delivered} delivered, {result.lost} lost, {result.errors} errors"));
                await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"latency from {(rate is null ? "sending a turn" : "a turn's scheduled time")} to its update at the console: p50 {result.latencyMs.p50} ms, p99 {result.latencyMs.p99} ms, p99.9 {result.latencyMs.p999} ms, max {result.latencyMs.max} ms"));
                if (result.memory is { } memory)
                {
                    await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"instance memory: managed heap {memory.heapBeforeMb} MB before the consoles, {memory.heapWithConsolesMb} MB with them: {memory.perConsoleKb} KB per console"));
                }

                await io.Out.WriteLineAsync(result.serverCpu is { } serverCpu
                    ? string.Create(CultureInfo.InvariantCulture, $"instance CPU: {serverCpu.seconds} s during the run, {serverCpu.msPerAcceptedTurn} ms per accepted turn")
                    : cpuSkipped);
            }

            return result.errors == 0 && result.lost == 0 ? 0 : CoachCommand.DataError;
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The CPU time the instance's process has used (<c>processCpuSeconds</c> of <c>GET /api/v1/instance</c>),
    /// or null and why, when it does not say (an older instance, or another server with the same API).
    /// </summary>
    private static async Task<(double? Seconds, string? Missing)> ProcessCpuSecondsAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/api/v1/instance", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"GET /api/v1/instance answered {(int)response.StatusCode}");
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("processCpuSeconds", out var seconds) && seconds.TryGetDouble(out var value)
                ? (value, null)
                : (null, "the instance does not report processCpuSeconds in GET /api/v1/instance");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, "GET /api/v1/instance did not answer");
        }
    }

    /// <summary>The instance's managed heap after a full collection, or null when it does not say.</summary>
    private static async Task<long?> SettledHeapAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/api/v1/instance?settle=true", UriKind.Relative));
            return response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("managedHeapBytes").GetInt64()
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
