namespace CoachConsole.Cli;

/// <summary>Bad usage of a command (unknown option, missing value or argument): exit code 2, the message on one line.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The one option parser of every command: the flags it knows, the options that take one value
/// (checked and converted as they are read, in the order given), and how many plain arguments it
/// takes. The last of repeated options wins.
/// </summary>
internal sealed class OptionParser
{
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string, object>?> _values = new(StringComparer.Ordinal);
    private int _maxPositional;
    private bool _wordsAreOptions;
    private string _missingValue = "option {0} needs a value.";

    /// <summary>Options that take no value.</summary>
    public OptionParser Flags(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _flags.UnionWith(names);
        return this;
    }

    /// <summary>Options that take one value, kept as written.</summary>
    public OptionParser Values(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            _values[name] = null;
        }

        return this;
    }

    /// <summary>An option whose value <paramref name="check"/> converts, or refuses with a <see cref="UsageException"/>.</summary>
    public OptionParser Value<T>(string name, Func<string, T> check)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(check);
        _values[name] = v => check(v);
        return this;
    }

    /// <summary>How many plain arguments (files) the command takes; more are refused.</summary>
    public OptionParser Positional(int max)
    {
        _maxPositional = max;
        return this;
    }

    /// <summary>
    /// The wording of a command that takes no plain arguments and names any other word an unknown
    /// option, and a missing value "{0} needs a value." (<c>coach load</c>'s messages).
    /// </summary>
    public OptionParser OptionsOnly()
    {
        _maxPositional = 0;
        _wordsAreOptions = true;
        _missingValue = "{0} needs a value.";
        return this;
    }

    public ParsedOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new ParsedOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (_flags.Contains(a))
            {
                parsed.Add(a, i, "", true);
            }
            else if (_values.TryGetValue(a, out var check))
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException(string.Format(System.Globalization.CultureInfo.InvariantCulture, _missingValue, a));
                }

                var raw = args[++i];
                parsed.Add(a, i, raw, check is null ? raw : check(raw));
            }
            else if (_wordsAreOptions || a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unknown option '{a}'.");
            }
            else
            {
                parsed.Positional.Add(a);
            }
        }

        if (parsed.Positional.Count > _maxPositional)
        {
            throw new UsageException($"unexpected argument '{parsed.Positional[_maxPositional]}'.");
        }

        return parsed;
    }
}

/// <summary>What <see cref="OptionParser"/> read from one command line.</summary>
internal sealed class ParsedOptions
{
    private readonly Dictionary<string, (int At, string Raw, object Value)> _given = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    internal void Add(string name, int at, string raw, object value) => _given[name] = (at, raw, value);

    public bool Has(string name) => _given.ContainsKey(name);

    /// <summary>The value as written, or null when the option was not given.</summary>
    public string? Value(string name) => _given.TryGetValue(name, out var given) ? given.Raw : null;

    /// <summary>The checked value, or <paramref name="fallback"/> when the option was not given.</summary>
    public T Get<T>(string name, T fallback) => _given.TryGetValue(name, out var given) ? (T)given.Value : fallback;

    /// <summary>The checked value of whichever of <paramref name="names"/> came last, or <paramref name="fallback"/>.</summary>
    public T Last<T>(T fallback, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var found = names.Where(_given.ContainsKey).Select(n => _given[n]).OrderBy(g => g.At).LastOrDefault();
        return found.Value is T value ? value : fallback;
    }
}
