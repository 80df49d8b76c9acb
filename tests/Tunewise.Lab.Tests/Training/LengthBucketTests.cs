using Tunewise.Lab.Training;

namespace Tunewise.Lab.Tests.Training;

public class LengthBucketTests
{
    private static int[] MixedLengths(int count) => Enumerable.Range(0, count).Select(i => 8 + (i * 37 % 120)).ToArray();

    private static double Padding(int[][] batches, int[] lengths) =>
        1 - batches.Sum(b => b.Sum(i => (double)lengths[i])) / batches.Sum(b => (double)b.Length * b.Max(i => lengths[i]));

    [Fact]
    public void Every_example_is_trained_once_per_epoch_in_as_many_batches_as_without_buckets()
    {
        var lengths = MixedLengths(1003);
        var bucketed = Trainer.EpochBatches(13, lengths, 8, 0);
        var plain = Trainer.EpochBatches(13, lengths, 8, 0, bucketByLength: false);

        Assert.Equal(plain.Length, bucketed.Length);
        Assert.Equal(Enumerable.Range(0, 1003), bucketed.SelectMany(b => b).Order());
        Assert.All(bucketed[..^1], b => Assert.Equal(8, b.Length));
        Assert.Equal(1003 % 8, bucketed[^1].Length);
    }

    [Fact]
    public void Buckets_cut_padding_and_keep_the_order_random_and_pinned_to_seed_and_epoch()
    {
        var lengths = MixedLengths(2000);
        var bucketed = Trainer.EpochBatches(13, lengths, 8, 0);
        var plain = Trainer.EpochBatches(13, lengths, 8, 0, bucketByLength: false);

        Assert.True(Padding(plain, lengths) > 0.4, $"plain batching pads {Padding(plain, lengths):P0}");
        Assert.True(Padding(bucketed, lengths) < 0.1, $"bucketed batching pads {Padding(bucketed, lengths):P0}");
        // Batches are not in length order: consecutive steps jump between short and long sequences.
        var longest = bucketed.Select(b => b.Max(i => lengths[i])).ToArray();
        Assert.NotEqual(longest.Order(), longest);
        Assert.Equal(bucketed, Trainer.EpochBatches(13, lengths, 8, 0));
        Assert.NotEqual(bucketed, Trainer.EpochBatches(13, lengths, 8, 1));
        Assert.NotEqual(bucketed, Trainer.EpochBatches(14, lengths, 8, 0));
    }
}
