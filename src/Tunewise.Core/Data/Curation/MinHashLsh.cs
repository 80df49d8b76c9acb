using System.Runtime.InteropServices;
using Tunewise.Statistics;

namespace Tunewise.Data.Curation;

/// <summary>
/// MinHash signatures over character shingles, cut into LSH bands. Two texts share a band hash with
/// probability s^rows (s = their Jaccard similarity), so near duplicates meet in some bucket while
/// unrelated texts almost never do, and no all-pairs comparison is needed.
/// </summary>
internal sealed class MinHashLsh
{
    private readonly ulong[] _multipliers;
    private readonly ulong[] _addends;
    private readonly int _rows;

    public MinHashLsh(int permutations, int bands, int shingleSize, int seed)
    {
        Bands = bands;
        ShingleSize = shingleSize;
        _rows = permutations / bands;
        _multipliers = new ulong[permutations];
        _addends = new ulong[permutations];
        var random = DeterministicRandom.SplitMix64((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 1);
        for (var i = 0; i < permutations; i++)
        {
            // Multiply-add-shift hashing: odd multiplier, any addend, keep the high 32 bits.
            _multipliers[i] = random.NextUInt64() | 1UL;
            _addends[i] = random.NextUInt64();
        }
    }

    public int Bands { get; }

    public int ShingleSize { get; }

    /// <summary>Sorted, distinct 32-bit hashes of the text's character k-grams (the whole text when shorter).</summary>
    public uint[] Shingles(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var k = Math.Min(ShingleSize, text.Length);
        var hashes = new uint[text.Length - k + 1];
        var chars = text.AsSpan();
        for (var i = 0; i < hashes.Length; i++)
        {
            var bytes = MemoryMarshal.AsBytes(chars.Slice(i, k));
            var hash = 2166136261u;
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 16777619u;
            }

            hashes[i] = hash;
        }

        Array.Sort(hashes);
        var distinct = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (i == 0 || hashes[i] != hashes[i - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        return distinct == hashes.Length ? hashes : hashes[..distinct];
    }

    /// <summary>Writes one hash per band of the MinHash signature of <paramref name="shingles"/>.</summary>
    public void BandHashes(ReadOnlySpan<uint> shingles, Span<ulong> bandHashes)
    {
        Span<uint> signature = stackalloc uint[_multipliers.Length];
        for (var p = 0; p < _multipliers.Length; p++)
        {
            var a = _multipliers[p];
            var c = _addends[p];
            var min = uint.MaxValue;
            foreach (var x in shingles)
            {
                var h = (uint)((a * x + c) >> 32);
                if (h < min)
                {
                    min = h;
                }
            }

            signature[p] = min;
        }

        for (var band = 0; band < Bands; band++)
        {
            var hash = 0xCBF29CE484222325UL ^ (ulong)band;
            for (var r = 0; r < _rows; r++)
            {
                hash = (hash ^ signature[band * _rows + r]) * 0x100000001B3UL;
            }

            bandHashes[band] = hash;
        }
    }

    public static double Jaccard(uint[] a, uint[] b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)shared / (a.Length + b.Length - shared);
    }
}
