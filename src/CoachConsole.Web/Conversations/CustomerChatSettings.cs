using System.Globalization;
using System.Threading.RateLimiting;
using CoachConsole.Web.Data;

namespace CoachConsole.Web.Conversations;

/// <summary>
/// The built-in customer chat at <c>/chat</c> is a deployment choice: on in Development, off
/// elsewhere unless configured, bound to one team, and limited per client address.
/// </summary>
public sealed record CustomerChatSettings(bool Enabled, string? Team, int ChatsPerHour, int MessagesPerMinute)
{
    public const string Section = "CustomerChat";

    public static CustomerChatSettings FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var section = configuration.GetSection(Section);
        var development = environment.IsDevelopment();
        var enabled = ReadBool(section, "Enabled", development);
        var team = section["Team"] is { } configured && !string.IsNullOrWhiteSpace(configured)
            ? configured.Trim()
            : development ? DatabaseSetup.DemoTeamId : null;
        var chats = ReadCount(section, "ChatsPerHour", 10);
        var messages = ReadCount(section, "MessagesPerMinute", 30);
        if (enabled && team is null)
        {
            throw new ConfigurationProblemException(
                $"{Section}:Enabled is on in the {environment.EnvironmentName} environment but {Section}:Team is not set; name the one team whose agents take the chats.");
        }

        return new CustomerChatSettings(enabled, team, chats, messages);
    }

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw new ConfigurationProblemException($"{section.Path}:{key} is '{value}'; write true or false.");
    }

    private static int ReadCount(IConfigurationSection section, string key, int fallback)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ConfigurationProblemException($"{section.Path}:{key} is '{value}'; write a whole number above zero.");
    }
}

/// <summary>
/// The chat's limits per client address: chats started an hour and messages sent a minute, each
/// in a fixed window, as ASP.NET Core's rate limiter counts them.
/// </summary>
public sealed class CustomerChatGate : IDisposable
{
    private readonly PartitionedRateLimiter<string> _starts;
    private readonly PartitionedRateLimiter<string> _messages;

    public CustomerChatGate(CustomerChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _starts = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address, _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.ChatsPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        _messages = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address, _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.MessagesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public CustomerChatSettings Settings { get; }

    /// <summary>Null when this address may start a chat now, else what to tell the customer.</summary>
    public string? TryStart(string clientAddress)
    {
        using var lease = _starts.AttemptAcquire(clientAddress);
        return lease.IsAcquired
            ? null
            : $"Too many chats have been started from your address; at most {Settings.ChatsPerHour} an hour. Please try again later.";
    }

    /// <summary>Null when this address may send a message now, else what to tell the customer.</summary>
    public string? TrySend(string clientAddress)
    {
        using var lease = _messages.AttemptAcquire(clientAddress);
        return lease.IsAcquired
            ? null
            : $"You are sending messages too quickly; at most {Settings.MessagesPerMinute} a minute. Please wait a moment and send again.";
    }

    public void Dispose()
    {
        _starts.Dispose();
        _messages.Dispose();
    }
}
