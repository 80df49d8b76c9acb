using Tunewise.Data;
using Tunewise.Data.Splits;

namespace Tunewise.Core.Tests.Data;

public class DataSplitterTests
{
    internal static List<Example> Make(int count, Func<int, string>? label = null) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var fields = new Dictionary<string, string> { ["text"] = $"example number {i}", ["label"] = label?.Invoke(i) ?? "x" };
            return new Example(ExampleContent.Id(fields), fields, new SourceLocation("data.csv", i + 2));
        }).ToList();

    [Fact]
    public void Same_seed_and_data_give_the_same_split_whatever_the_input_order()
    {
        var examples = Make(200);
        var shuffled = examples.OrderBy(e => e.Fields["text"].GetHashCode()).Reverse().ToList();
        var options = new SplitOptions(Dev: 0.1, Test: 0.2, Seed: 13);

        var a = DataSplitter.Split(examples, options);
        var b = DataSplitter.Split(shuffled, options);

        Assert.Equal(a.Test.Select(e => e.Id), b.Test.Select(e => e.Id));
        Assert.Equal(a.Dev.Select(e => e.Id), b.Dev.Select(e => e.Id));
        Assert.Equal(a.Train.Select(e => e.Id), b.Train.Select(e => e.Id));
        Assert.Equal((140, 20, 40), (a.Train.Count, a.Dev.Count, a.Test.Count));
        Assert.Empty(a.Test.Select(e => e.Id).Intersect(a.Train.Select(e => e.Id)));
    }

    [Fact]
    public void A_different_seed_gives_a_different_split()
    {
        var examples = Make(200);

        var a = DataSplitter.Split(examples, new SplitOptions(Seed: 13));
        var b = DataSplitter.Split(examples, new SplitOptions(Seed: 14));

        Assert.NotEqual(a.Test.Select(e => e.Id).Order(), b.Test.Select(e => e.Id).Order());
    }

    [Fact]
    public void Stratified_split_keeps_each_labels_share()
    {
        // 90% "common", 10% "rare": an unstratified 20% test set could easily miss most rare ones.
        var examples = Make(500, i => i % 10 == 0 ? "rare" : "common");

        var split = DataSplitter.Split(examples, new SplitOptions(Dev: 0.1, Test: 0.2, Seed: 5, StratifyField: "label"));

        Assert.Equal(10, split.Test.Count(e => e["label"] == "rare"));
        Assert.Equal(90, split.Test.Count(e => e["label"] == "common"));
        Assert.Equal(5, split.Dev.Count(e => e["label"] == "rare"));
        Assert.Equal(35, split.Train.Count(e => e["label"] == "rare"));
    }

    [Fact]
    public void Fractions_that_leave_no_training_data_are_refused()
    {
        Assert.Throws<UserInputException>(() => DataSplitter.Split(Make(10), new SplitOptions(Dev: 0.5, Test: 0.5)));
    }

    [Fact]
    public void Frozen_test_set_hash_ignores_order_and_changes_with_content()
    {
        var split = DataSplitter.Split(Make(100), new SplitOptions());
        var frozen = FrozenTestSet.Create(split.Test);

        Assert.Equal(frozen.Hash, FrozenTestSet.Create(split.Test.Reverse()).Hash);
        Assert.True(frozen.Matches(split.Test.Reverse()));
        var edited = split.Test.Select((e, i) => i == 0 ? e with { Fields = new Dictionary<string, string>(e.Fields) { ["label"] = "changed" } } : e);
        Assert.False(frozen.Matches(edited));
        Assert.Equal(20, frozen.Count);

        var roundTrip = FrozenTestSet.FromJson(frozen.ToJson());
        Assert.Equal(frozen.Hash, roundTrip.Hash);
        Assert.Equal(frozen.Ids, roundTrip.Ids);
    }
}
