using System.Runtime.CompilerServices;

namespace Tunewise.Statistics;

/// <summary>
/// The one seeded random generator of Tunewise: its sequence is fixed by its seed on every platform and runtime
/// version, which .NET's <see cref="Random"/> does not promise, so a split, a bootstrap interval, a perturbation or a
/// lab world made today is the one made next year. Two streams, both from Blackman &amp; Vigna
/// (https://prng.di.unimi.it/):
/// <list type="bullet">
/// <item><c>new DeterministicRandom(seed)</c>: xoshiro256** seeded through SplitMix64, for long runs of draws
/// (bootstrap resampling, robustness perturbations, training subsets).</item>
/// <item><see cref="SplitMix64"/>: the plain SplitMix64 stream. Data splits and the lab world have been drawn from
/// it since they were first written, and a seed must keep giving the same split and the same world, so they stay on
/// it.</item>
/// </list>
/// </summary>
public sealed class DeterministicRandom
{
    private readonly bool _splitMix;
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(ulong seed)
    {
        var splitMix = seed;
        _s0 = NextSplitMix64(ref splitMix);
        _s1 = NextSplitMix64(ref splitMix);
        _s2 = NextSplitMix64(ref splitMix);
        _s3 = NextSplitMix64(ref splitMix);
    }

    private DeterministicRandom(ulong seed, bool splitMix)
    {
        _splitMix = splitMix;
        _s0 = seed;
    }

    /// <summary>The plain SplitMix64 stream from <paramref name="seed"/> (see the class remarks for who uses it).</summary>
    public static DeterministicRandom SplitMix64(ulong seed) => new(seed, splitMix: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        if (_splitMix)
            return NextSplitMix64(ref _s0);
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Uniform integer in [0, exclusiveMax), without modulo bias: Lemire's multiply-and-reject on the xoshiro stream,
    /// reject-and-modulo on the SplitMix64 stream (the mapping its splits and worlds were drawn with).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "Must be positive.");
        var bound = (ulong)exclusiveMax;
        if (_splitMix)
        {
            var limit = ulong.MaxValue - (ulong.MaxValue % bound);
            ulong value;
            do
            {
                value = NextUInt64();
            }
            while (value >= limit);
            return (int)(value % bound);
        }
        var product = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
                product = Math.BigMul(NextUInt64(), bound, out low);
        }
        return (int)product;
    }

    /// <summary>Uniform integer in [min, exclusiveMax).</summary>
    public int NextInt(int min, int exclusiveMax) => min + NextInt(exclusiveMax - min);

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    /// <summary>Fisher–Yates, from the last item down.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong NextSplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
