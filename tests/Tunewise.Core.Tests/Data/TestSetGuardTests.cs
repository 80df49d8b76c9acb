using Tunewise.Data;
using Tunewise.Data.Splits;

namespace Tunewise.Core.Tests.Data;

public class TestSetGuardTests
{
    [Fact]
    public void Using_a_test_example_by_id_for_few_shot_is_refused_naming_the_id_and_purpose()
    {
        var split = DataSplitter.Split(DataSplitterTests.Make(50), new SplitOptions());
        var guard = new TestSetGuard(FrozenTestSet.Create(split.Test));
        var demonstrations = split.Train.Take(3).Append(split.Test[0]).ToList();

        var error = Assert.Throws<TestSetLeakException>(() => guard.EnsureNotTest(demonstrations, TestSetGuard.FewShotPurpose("few-shot-8")));

        Assert.Equal([split.Test[0].Id], error.OffendingIds);
        Assert.Contains("few-shot demonstrations for arm 'few-shot-8'", error.Message);
        Assert.Contains(split.Test[0].Id, error.Message);
        Assert.IsAssignableFrom<UserInputException>(error);
    }

    [Fact]
    public void A_copy_of_a_test_example_under_another_id_is_refused_by_content()
    {
        var split = DataSplitter.Split(DataSplitterTests.Make(50), new SplitOptions());
        var guard = new TestSetGuard(FrozenTestSet.Create(split.Test));
        var original = split.Test[1];
        var copy = new Example("renamed-7", new Dictionary<string, string>
        {
            ["label"] = original["label"],
            ["text"] = "  " + original["text"].ToUpperInvariant() + " ",
        }, new SourceLocation("train.csv", 9));

        var error = Assert.Throws<TestSetLeakException>(() => guard.EnsureNotTest(split.Train.Append(copy), TestSetGuard.TrainingPurpose("lora-small")));

        Assert.Equal(["renamed-7"], error.OffendingIds);
        Assert.True(error.Leaks[0].ByContent);
        Assert.Contains("training data for arm 'lora-small'", error.Message);
        Assert.Contains("train.csv:9", error.Message);
    }

    [Fact]
    public void Training_data_without_test_examples_passes()
    {
        var split = DataSplitter.Split(DataSplitterTests.Make(50), new SplitOptions());
        var guard = new TestSetGuard(FrozenTestSet.Create(split.Test));

        guard.EnsureNotTest(split.Train.Concat(split.Dev), TestSetGuard.TrainingPurpose("full"));
        Assert.Empty(guard.FindLeaks(split.Train));
    }

    [Fact]
    public async Task The_guard_works_from_a_frozen_file_with_an_id_column()
    {
        using var dir = new Tunewise.Testing.TempDirectory();
        var test = new Example("t1", new Dictionary<string, string> { ["id"] = "t1", ["text"] = "hello" }, new SourceLocation("test.csv", 2));
        await FrozenTestSet.Create([test], idField: "id").SaveAsync(dir.File("test.frozen.json"));
        var guard = new TestSetGuard(await FrozenTestSet.LoadAsync(dir.File("test.frozen.json")));
        var sameTextOtherId = new Example("t99", new Dictionary<string, string> { ["id"] = "t99", ["text"] = "Hello" }, new SourceLocation("train.csv", 5));

        var leaks = guard.FindLeaks([sameTextOtherId]);

        Assert.Single(leaks);
        Assert.True(leaks[0].ByContent);
    }

    [Fact]
    public void With_content_fields_a_copy_with_other_bookkeeping_columns_is_still_refused()
    {
        var test = new Example("t1", new Dictionary<string, string> { ["text"] = "Where is my parcel?", ["label"] = "shipping", ["source"] = "tickets-2024" }, new SourceLocation("test.csv", 2));
        var guard = new TestSetGuard(FrozenTestSet.Create([test], contentFields: ["text", "label"]));
        var copy = new Example("x9", new Dictionary<string, string> { ["text"] = "where is my  parcel?", ["label"] = "Shipping", ["source"] = "scraped" }, new SourceLocation("train.csv", 40));

        var error = Assert.Throws<TestSetLeakException>(() => guard.EnsureNotTest([copy], TestSetGuard.TrainingPurpose("qlora")));

        Assert.Equal(["x9"], error.OffendingIds);
    }
}
