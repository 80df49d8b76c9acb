using Tunewise.Arms.Baselines;
using Tunewise.Studies;

namespace Tunewise.Baselines.Tests;

public class MlNetBaselineTrainerTests
{
    /// <summary>Three intents, each with its own words, written the way people ask.</summary>
    internal static readonly LabelledText[] Train =
    [
        new("what will the weather be tomorrow", "weather"), new("is it going to rain today", "weather"), new("how cold is it outside", "weather"),
        new("will it snow this weekend", "weather"), new("what is the forecast for friday", "weather"),
        new("play some jazz music", "music"), new("put on my workout playlist", "music"), new("skip this song", "music"),
        new("play the next track", "music"), new("turn the music up", "music"),
        new("what is my account balance", "balance"), new("how much money is in my checking account", "balance"), new("show my savings balance", "balance"),
        new("how much do i have in the bank", "balance"), new("tell me my balance", "balance"),
    ];

    internal static readonly (string Text, string Label)[] HeldOut =
    [
        ("will it rain on friday", "weather"), ("what's the forecast for tomorrow", "weather"),
        ("play my playlist", "music"), ("skip to the next song", "music"),
        ("what's the balance of my checking account", "balance"), ("how much money do i have in savings", "balance"),
    ];

    [Theory]
    [InlineData(BaselineKind.Logistic, 5)]
    [InlineData(BaselineKind.TfidfKnn, 1)]
    [InlineData(BaselineKind.TfidfKnn, 5)]
    public void Each_kind_learns_the_intents_and_answers_only_with_trained_labels(BaselineKind kind, int k)
    {
        var classifier = new MlNetBaselineTrainer().Train(new BaselineSpec { Kind = kind, Neighbours = k }, Train, CancellationToken.None);

        foreach (var (text, label) in HeldOut)
            Assert.Equal(label, classifier.Classify(text));
        var labels = Train.Select(t => t.Label).ToHashSet();
        foreach (var text in new[] { "", "zzz qqq", "the the the", "1234" })
            Assert.Contains(classifier.Classify(text), labels);
    }

    [Fact]
    public void The_nearest_neighbour_vote_follows_k()
    {
        // The "music" message is the query itself; each "balance" message holds two of its three words.
        LabelledText[] train =
        [
            new("alpha beta gamma", "music"),
            new("alpha beta", "balance"), new("beta gamma", "balance"), new("alpha gamma", "balance"),
            new("skip song", "weather"), new("rain snow", "weather"),
        ];
        const string query = "alpha beta gamma";

        var nearest = new MlNetBaselineTrainer().Train(new BaselineSpec { Kind = BaselineKind.TfidfKnn, Neighbours = 1 }, train, CancellationToken.None);
        var vote = new MlNetBaselineTrainer().Train(new BaselineSpec { Kind = BaselineKind.TfidfKnn, Neighbours = 4 }, train, CancellationToken.None);

        Assert.Equal("music", nearest.Classify(query));
        Assert.Equal("balance", vote.Classify(query));
    }

    [Fact]
    public void Training_twice_on_the_same_split_gives_the_same_answers()
    {
        var spec = new BaselineSpec { Kind = BaselineKind.Logistic };
        var first = new MlNetBaselineTrainer().Train(spec, Train, CancellationToken.None);
        var second = new MlNetBaselineTrainer().Train(spec, Train, CancellationToken.None);
        string[] probes = ["rain", "song", "money", "what is up", "play the forecast", "balance of the weather"];
        Assert.Equal(probes.Select(first.Classify), probes.Select(second.Classify));
    }

    [Fact]
    public void The_jit_build_can_train()
    {
        // The native build reports the reason instead of failing inside ML.NET; this process has a JIT.
        Assert.Null(new MlNetBaselineTrainer().UnavailableReason);
    }
}
