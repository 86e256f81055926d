namespace CoachConsole.Core.Signals;

/// <summary>
/// The reader's feature weights by key: a read-only open-addressing table of small slots (a key's
/// hash and its place in the key and weight arrays), so a lookup reads one slot of a table that
/// stays in the processor's cache, and the key itself only when the hashes agree. Most features a
/// text raises (word pairs above all) are not in the models: those lookups end at an empty slot.
/// Built once; safe for any number of readers.
/// </summary>
internal sealed class WeightTable
{
    private readonly ulong[] _slots;
    private readonly int _mask;
    private readonly string[] _keys;
    private readonly float[][] _values;

    public WeightTable(IReadOnlyDictionary<string, float[]> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);

        // at most half full, so a probe rarely goes past the slot it starts at
        var size = 16;
        while (size < weights.Count * 2)
        {
            size *= 2;
        }

        _slots = new ulong[size];
        _mask = size - 1;
        _keys = new string[weights.Count];
        _values = new float[weights.Count][];
        var n = 0;
        foreach (var (key, value) in weights)
        {
            var hash = Hash(key);
            var i = hash & _mask;
            while (_slots[i] != 0)
            {
                i = (i + 1) & _mask;
            }

            _keys[n] = key;
            _values[n] = value;
            _slots[i] = ((ulong)(uint)hash << 32) | (uint)(n + 1);
            n++;
        }
    }

    public int Count => _keys.Length;

    public bool TryGetValue(string key, out float[] value)
    {
        var hash = Hash(key);
        for (var i = hash & _mask; ; i = (i + 1) & _mask)
        {
            var slot = _slots[i];
            if (slot == 0)
            {
                value = null!;
                return false;
            }

            if ((int)(slot >> 32) == hash)
            {
                var n = (int)(uint)slot - 1;
                if (string.Equals(_keys[n], key, StringComparison.Ordinal))
                {
                    value = _values[n];
                    return true;
                }
            }
        }
    }

    /// <summary>A fixed (not per-process) string hash, mixed so that neighbouring slots get unrelated keys.</summary>
    private static int Hash(string key)
    {
        var h = 2166136261u;
        foreach (var c in key)
        {
            h = (h ^ c) * 16777619u;
        }

        h ^= h >> 15;
        h *= 0x2c1b3c6du;
        h ^= h >> 12;
        return (int)(h & 0x7fffffff);
    }
}
