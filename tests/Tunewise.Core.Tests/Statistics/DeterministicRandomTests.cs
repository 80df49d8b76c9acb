using Tunewise.Statistics;

namespace Tunewise.Core.Tests.Statistics;

public class DeterministicRandomTests
{
    [Fact]
    public void The_splitmix64_stream_is_the_published_algorithm()
    {
        // Reference SplitMix64 (Vigna) from seed 1234567; splits and the lab world are drawn from this stream.
        var random = DeterministicRandom.SplitMix64(1234567);
        Assert.Equal(6457827717110365317UL, random.NextUInt64());
        Assert.Equal(3203168211198807973UL, random.NextUInt64());
        Assert.Equal(9817491932198370423UL, random.NextUInt64());
    }

    [Fact]
    public void A_seed_gives_the_same_draws_and_another_seed_different_ones()
    {
        int[] Draws(DeterministicRandom r) => Enumerable.Range(0, 50).Select(_ => r.NextInt(1000)).ToArray();
        Assert.Equal(Draws(new DeterministicRandom(13)), Draws(new DeterministicRandom(13)));
        Assert.NotEqual(Draws(new DeterministicRandom(13)), Draws(new DeterministicRandom(14)));
        Assert.Equal(Draws(DeterministicRandom.SplitMix64(13)), Draws(DeterministicRandom.SplitMix64(13)));
        Assert.NotEqual(Draws(new DeterministicRandom(13)), Draws(DeterministicRandom.SplitMix64(13)));
    }

    [Fact]
    public void Shuffle_is_a_permutation_and_every_value_of_a_bound_is_drawn()
    {
        var items = Enumerable.Range(0, 100).ToArray();
        new DeterministicRandom(7).Shuffle(items);
        Assert.Equal(Enumerable.Range(0, 100), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), items);

        var random = DeterministicRandom.SplitMix64(7);
        var seen = Enumerable.Range(0, 2000).Select(_ => random.NextInt(3, 10)).ToHashSet();
        Assert.Equal(Enumerable.Range(3, 7), seen.Order());
    }
}
