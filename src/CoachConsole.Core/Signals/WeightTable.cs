namespace CoachConsole.Core.Signals;

/// <summary>
/// The reader's feature weights by key: a read-only open-addressing table whose slots hold the key,
/// its hash and its weights side by side, so a lookup touches one slot (and the key itself only when
/// the hashes agree). Most features a text raises (word pairs above all) are not in the models: those
/// lookups end at the first empty slot. Built once; safe for any number of readers.
/// </summary>
internal sealed class WeightTable
{
    private readonly Slot[] _slots;
    private readonly int _mask;

    public WeightTable(IReadOnlyDictionary<string, float[]> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);

        // at most a quarter full: few probes, and a miss usually ends on its first slot
        var size = 16;
        while (size < weights.Count * 4)
        {
            size *= 2;
        }

        _slots = new Slot[size];
        _mask = size - 1;
        foreach (var (key, value) in weights)
        {
            var hash = Hash(key);
            var i = hash & _mask;
            while (_slots[i].Key is not null)
            {
                i = (i + 1) & _mask;
            }

            _slots[i] = new Slot(key, value, hash);
        }

        Count = weights.Count;
    }

    public int Count { get; }

    public bool TryGetValue(string key, out float[] value)
    {
        var hash = Hash(key);
        for (var i = hash & _mask; ; i = (i + 1) & _mask)
        {
            ref readonly var slot = ref _slots[i];
            if (slot.Key is null)
            {
                value = null!;
                return false;
            }

            if (slot.Hash == hash && string.Equals(slot.Key, key, StringComparison.Ordinal))
            {
                value = slot.Value;
                return true;
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

    private readonly record struct Slot(string Key, float[] Value, int Hash);
}
