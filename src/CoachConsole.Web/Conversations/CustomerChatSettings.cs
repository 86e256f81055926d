using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
/// The chat's limits per client address: chats started an hour and messages sent a minute. Each
/// address has a fixed window that opens with its first chat (or message) and closes an hour (a
/// minute) later on the product's clock; within it the address has the configured number. An IPv6
/// address counts with its /64 network, which one customer's line usually has to itself. Counted
/// in memory, by each instance on its own.
/// </summary>
public sealed class CustomerChatGate
{
    private readonly AddressWindows _starts;
    private readonly AddressWindows _messages;

    public CustomerChatGate(CustomerChatSettings settings, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        Settings = settings;
        _starts = new AddressWindows(settings.ChatsPerHour, TimeSpan.FromHours(1), clock);
        _messages = new AddressWindows(settings.MessagesPerMinute, TimeSpan.FromMinutes(1), clock);
    }

    public CustomerChatSettings Settings { get; }

    /// <summary>Null when this address may start a chat now (and counts it), else what to tell the customer.</summary>
    public string? TryStart(IPAddress? clientAddress)
    {
        var wait = _starts.TryTake(KeyFor(clientAddress));
        return wait is null
            ? null
            : $"Too many chats have been started from your address; at most {Settings.ChatsPerHour} an hour. Please try again in {Minutes(wait.Value)}.";
    }

    /// <summary>Null when this address may send a message now (and counts it), else what to tell the customer.</summary>
    public string? TrySend(IPAddress? clientAddress)
    {
        var wait = _messages.TryTake(KeyFor(clientAddress));
        return wait is null
            ? null
            : $"You are sending messages too quickly; at most {Settings.MessagesPerMinute} a minute. Please wait {Seconds(wait.Value)} and send again.";
    }

    /// <summary>
    /// What the limits count by: the address itself for IPv4 (an IPv4-mapped IPv6 address is its IPv4
    /// address), the /64 network for IPv6, and one shared "unknown" when the connection gives none.
    /// </summary>
    public static string KeyFor(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string Minutes(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return minutes == 1 ? "a minute" : $"{minutes} minutes";
    }

    private static string Seconds(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return seconds == 1 ? "a second" : $"{seconds} seconds";
    }

    /// <summary>Fixed windows per key; windows that have closed are dropped once the table grows.</summary>
    private sealed class AddressWindows(int limit, TimeSpan length, TimeProvider clock)
    {
        private const int TidyAbove = 10_000;

        private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
        private DateTimeOffset _nextTidy = DateTimeOffset.MinValue;

        /// <summary>Null when the key had a permit left (now taken), else how long until its window closes.</summary>
        public TimeSpan? TryTake(string key)
        {
            var now = clock.GetUtcNow();
            lock (_windows)
            {
                Tidy(now);
                if (!_windows.TryGetValue(key, out var window) || now >= window.Opened + length)
                {
                    _windows[key] = new Window { Opened = now, Taken = 1 };
                    return null;
                }

                if (window.Taken < limit)
                {
                    window.Taken++;
                    return null;
                }

                return window.Opened + length - now;
            }
        }

        private void Tidy(DateTimeOffset now)
        {
            // At most once a window's length, so a crowd of addresses does not make every call walk the table.
            if (_windows.Count <= TidyAbove || now < _nextTidy)
            {
                return;
            }

            _nextTidy = now + length;
            foreach (var (key, window) in _windows)
            {
                if (now >= window.Opened + length)
                {
                    _windows.Remove(key);
                }
            }
        }

        private sealed class Window
        {
            public DateTimeOffset Opened { get; init; }

            public int Taken { get; set; }
        }
    }
}
