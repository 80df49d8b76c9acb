using System.Runtime.CompilerServices;

namespace Tunewise.Statistics;

/// <summary>
/// xoshiro256** seeded through SplitMix64 (Blackman &amp; Vigna, https://prng.di.unimi.it/).
/// Our own generator, so a seeded bootstrap gives the same interval whatever .NET's <see cref="Random"/> does.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(ulong seed)
    {
        var splitMix = seed;
        _s0 = SplitMix64(ref splitMix);
        _s1 = SplitMix64(ref splitMix);
        _s2 = SplitMix64(ref splitMix);
        _s3 = SplitMix64(ref splitMix);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
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

    /// <summary>Uniform integer in [0, exclusiveMax), without modulo bias (Lemire's multiply-and-reject).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "Must be positive.");
        var bound = (ulong)exclusiveMax;
        var product = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
                product = Math.BigMul(NextUInt64(), bound, out low);
        }
        return (int)product;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
