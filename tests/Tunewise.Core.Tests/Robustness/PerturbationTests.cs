using Tunewise.Robustness;
using Tunewise.Robustness.Perturbations;
using Tunewise.Studies;
using Tunewise.Studies.Validation;
using static Tunewise.Core.Tests.Robustness.RobustnessSamples;

namespace Tunewise.Core.Tests.Robustness;

public sealed class PerturbationTests
{
    public static TheoryData<string> Names => [.. PromptPerturbations.Names];

    private static IPromptPerturbation Create(string name) => PromptPerturbations.Create(name, RobustnessOptions.Default, TaskKind.Classification);

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_setting_is_deterministic_and_changes_the_prompt(string name)
    {
        var perturbation = Create(name);
        var baseline = Prompt().InputFor(Query);
        var original = VariantPromptRenderer.RenderUser(baseline);
        var settings = Math.Min(3, perturbation.CountSettings(baseline));
        Assert.True(settings >= 1);
        for (var i = 0; i < settings; i++)
        {
            var setting = new PerturbationSetting(i, 1000 + (ulong)i);
            var first = VariantPromptRenderer.RenderUser(perturbation.Apply(baseline, setting));
            var second = VariantPromptRenderer.RenderUser(perturbation.Apply(Prompt().InputFor(Query), setting));
            Assert.Equal(first, second);
            Assert.NotEqual(original, first);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_perturbation_keeps_the_gold_answer_and_every_demonstration(string name)
    {
        var perturbation = Create(name);
        var baseline = Prompt().InputFor(Query);
        for (var i = 0; i < Math.Min(3, perturbation.CountSettings(baseline)); i++)
        {
            var perturbed = perturbation.Apply(baseline, new PerturbationSetting(i, 7));
            var text = VariantPromptRenderer.RenderUser(perturbed);
            Assert.Equal("negative", perturbed.Example["label"]);
            Assert.Equal(Query.Id, perturbed.Example.Id);
            foreach (var demonstration in Demonstrations)
            {
                Assert.Contains(demonstration["text"], text);
                Assert.Contains(demonstration["label"], text);
            }
            if (name != "typos")
                Assert.Contains(Query["text"], text);
        }
    }

    [Fact]
    public void Format_perturbations_change_only_labels_and_separators()
    {
        var baseline = Prompt(demonstrations: 1).InputFor(Query);
        Assert.Equal(
            "Classify the sentiment of the review.\n\nText: I love this phone\nAnswer: positive\n\nText: " + Query["text"] + "\nAnswer:",
            VariantPromptRenderer.RenderUser(baseline));

        var dash = VariantPromptRenderer.RenderUser(new SeparatorPerturbation().Apply(baseline, new(0, 0)));
        Assert.Contains("Text - I love this phone\nAnswer - positive", dash);
        Assert.EndsWith("\nAnswer -", dash);
        var lines = VariantPromptRenderer.RenderUser(new SeparatorPerturbation().Apply(baseline, new(1, 0)));
        Assert.Contains("Text\nI love this phone\nAnswer\npositive", lines);

        Assert.Contains("TEXT: I love this phone\nANSWER: positive", VariantPromptRenderer.RenderUser(new LabelCasePerturbation().Apply(baseline, new(1, 0))));
        Assert.Contains("text: I love this phone\nanswer: positive", VariantPromptRenderer.RenderUser(new LabelCasePerturbation().Apply(baseline, new(0, 0))));
        Assert.Contains("Query: I love this phone\nLabel: positive", VariantPromptRenderer.RenderUser(new LabelSynonymPerturbation().Apply(baseline, new(1, 0))));
        Assert.Contains("Text:\tI love this phone", VariantPromptRenderer.RenderUser(new WhitespacePerturbation().Apply(baseline, new(2, 0))));
        Assert.Contains("review.  \n  \nText: I love this phone  \n", VariantPromptRenderer.RenderUser(new WhitespacePerturbation().Apply(baseline, new(1, 0))));
    }

    [Fact]
    public void A_template_that_places_the_input_itself_is_sent_as_written()
    {
        var prompt = Prompt(demonstrations: 0, instruction: "Classify: {{text}}");
        Assert.Equal("Classify: " + Query["text"], VariantPromptRenderer.RenderUser(prompt.InputFor(Query)));

        var distracted = VariantPromptRenderer.RenderUser(new DistractorPerturbation(DistractorPerturbation.BuiltIn).Apply(prompt.InputFor(Query), new(0, 0)));
        Assert.Equal("Note: the weather today is sunny.\n\nClassify: " + Query["text"], distracted);
    }

    [Fact]
    public void A_distractor_goes_after_the_demonstrations_and_before_the_input()
    {
        var text = VariantPromptRenderer.RenderUser(new DistractorPerturbation(DistractorPerturbation.BuiltIn).Apply(Prompt().InputFor(Query), new(0, 0)));
        var distractor = text.IndexOf("Note: the weather today is sunny.", StringComparison.Ordinal);
        Assert.True(distractor > text.IndexOf(Demonstrations[^1]["text"], StringComparison.Ordinal));
        Assert.True(distractor < text.IndexOf(Query["text"], StringComparison.Ordinal));
    }

    [Fact]
    public void Order_settings_are_distinct_permutations_of_the_same_demonstrations()
    {
        var perturbation = new DemonstrationOrderPerturbation();
        var baseline = Prompt(demonstrations: 4).InputFor(Query);
        Assert.Equal(23, perturbation.CountSettings(baseline));
        var orders = Enumerable.Range(0, 23)
            .Select(i => perturbation.Apply(baseline, new PerturbationSetting(i, 99)).Demonstrations.Select(d => d.Id).ToArray())
            .ToList();
        var keys = orders.Select(o => string.Join(",", o)).ToList();
        Assert.Equal(23, keys.Distinct().Count());
        Assert.DoesNotContain("d1,d2,d3,d4", keys);
        Assert.All(orders, o => Assert.Equal(["d1", "d2", "d3", "d4"], o.Order().ToArray()));
        Assert.Equal(0, perturbation.CountSettings(Prompt(demonstrations: 1).InputFor(Query)));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.2)]
    public void Typos_edit_only_the_input_at_the_stated_rate_and_keep_label_words(double rate)
    {
        var query = Example("q", "the negative reviews mention a cracked screen and a negative attitude from support staff", "negative");
        var input = Prompt().InputFor(query);
        var perturbation = new TypoPerturbation(rate);
        var perturbed = perturbation.Apply(input, new PerturbationSetting(0, 5));

        var original = query["text"];
        var changed = perturbed.Example["text"];
        var protectedWords = TypoPerturbation.ProtectedWords(input);
        var edits = TypoPerturbation.EditCount(original, rate, protectedWords);
        var eligibleLetters = original.Split(' ').Where(w => w.Length >= 2 && !protectedWords.Contains(w)).Sum(w => w.Length);
        Assert.Equal((int)Math.Round(rate * eligibleLetters, MidpointRounding.AwayFromZero), edits);
        Assert.InRange(DidYouMean.Distance(original, changed), 1, edits);
        Assert.Equal(2, changed.Split(' ').Count(w => w == "negative"));
        Assert.Equal("negative", perturbed.Example["label"]);
        Assert.Equal(input.Demonstrations, perturbed.Demonstrations);
        Assert.Equal(changed, perturbation.Apply(input, new PerturbationSetting(0, 5)).Example["text"]);
        Assert.NotEqual(changed, perturbation.Apply(input, new PerturbationSetting(1, 6)).Example["text"]);
    }

    [Fact]
    public void Paraphrases_come_from_the_bank_then_the_study()
    {
        var options = RobustnessOptions.Default with { Instructions = ["Tell me whether the review is positive, negative or neutral."] };
        var perturbation = PromptPerturbations.Create("paraphrase", options, TaskKind.Classification);
        var baseline = Prompt().InputFor(Query);
        Assert.Equal(InstructionBank.Paraphrases(TaskKind.Classification).Length + 1, perturbation.CountSettings(baseline));
        var last = perturbation.Apply(baseline, new PerturbationSetting(perturbation.CountSettings(baseline) - 1, 0));
        Assert.StartsWith("Tell me whether the review is positive, negative or neutral.\n\n", VariantPromptRenderer.RenderUser(last));
    }
}
