using BenchmarkDotNet.Attributes;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Benchmarks;

/// <summary>
/// Read() on typical utterances of about 20 words, customer and agent. Each invocation reads
/// every utterance once, so the reported mean divided by nothing is the time per utterance
/// (OperationsPerInvoke); utterances per second = 1 s / mean.
/// </summary>
[MemoryDiagnoser]
public class SignalReaderBenchmarks
{
    private const int Count = 16;

    private static readonly string[] Customer =
    [
        "I have been waiting for over two weeks for my refund and nobody has called me back, this is ridiculous!!!",
        "This is the third time I've called about the same problem and I'm really starting to lose my patience here",
        "Can I please speak to a manager, you clearly don't understand what I am asking you to do for me",
        "ok that sounds good, thank you so much for sorting this out so quickly, I really appreciate your help today",
        "my internet keeps dropping every evening around seven and the engineer never turned up when he said he would",
        "you're absolutely useless, I want to cancel my contract right now and I'm going to post about this online 😡",
        "Honestly the app is f***ing slow and crashes every time I try to pay my bill, what is going on with it?",
        "I'm not happy at all with how this has been handled, I expected a lot better from a company like yours",
    ];

    private static readonly string[] Agent =
    [
        "I'm so sorry about the delay, I understand how frustrating it must be to wait this long for your refund",
        "So if I understand correctly, the engineer didn't arrive on Tuesday and nobody let you know beforehand?",
        "I can offer you a replacement or a full refund, which option would you prefer to go ahead with today?",
        "I want to help you with this, but I need you to keep the conversation respectful so we can sort it out",
        "I'll call you back by tomorrow afternoon with an update, and I can bring in my supervisor if you'd like",
        "As I already said, there's nothing we can do until the account verification has been fully completed",
        "Could you tell me the order number and the date you placed it, so I can look into what happened here?",
        "Thank you for your patience while I check this, it should only take a minute or two to look at the notes",
    ];

    private readonly SignalReader _reader = new();
    private readonly AvoidMatcher _avoid = AvoidMatcher.For(DefaultLibrary.Load());

    [Benchmark(OperationsPerInvoke = Count)]
    public double ReadTypicalUtterance()
    {
        var sum = 0.0;
        for (var i = 0; i < Customer.Length; i++)
        {
            sum += _reader.Read(Speaker.Customer, Customer[i]).Heat;
            sum += _reader.Read(Speaker.Agent, Agent[i]).Heat;
        }

        return sum;
    }

    /// <summary>An agent turn as the coach reads it: the reader, then the library's phrases to avoid.</summary>
    [Benchmark(OperationsPerInvoke = Count / 2)]
    public int ReadAgentTurnWithPhrasesToAvoid()
    {
        var found = 0;
        foreach (var text in Agent)
        {
            found += _avoid.AddTo(_reader.Read(Speaker.Agent, text), text).Cues.Count;
        }

        return found;
    }

    [Benchmark]
    public double ReadLongestText() => _reader.Read(Speaker.Customer, Longest).Heat;

    private static readonly string Longest = string.Concat(Enumerable.Repeat(Customer[0] + " ", 40))[..4000];
}
