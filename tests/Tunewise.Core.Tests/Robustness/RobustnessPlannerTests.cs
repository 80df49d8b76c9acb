using Tunewise.Robustness;
using Tunewise.Studies;
using static Tunewise.Core.Tests.Robustness.RobustnessSamples;

namespace Tunewise.Core.Tests.Robustness;

public sealed class RobustnessPlannerTests
{
    [Fact]
    public void Variants_are_spread_round_robin_over_the_chosen_perturbations()
    {
        var options = RobustnessOptions.Default with { Perturbations = ["separator", "case", "typos"], Variants = 5 };
        var plan = RobustnessPlanner.Plan(Prompt(), Examples(10), options);
        Assert.Equal(["baseline", "separator 1", "case 1", "typos 1", "separator 2", "case 2"], plan.Variants.Select(v => v.Name));
        Assert.Equal(60, plan.Calls);
        Assert.False(plan.Sampled);
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Examples_are_sampled_deterministically_to_fit_max_calls_and_the_plan_says_so()
    {
        var examples = Examples(100);
        var options = RobustnessOptions.Default with { Variants = 8, MaxCalls = 300 };
        var plan = RobustnessPlanner.Plan(Prompt(), examples, options);

        Assert.Equal(9, plan.Variants.Length);
        Assert.Equal(33, plan.Examples.Length);
        Assert.True(plan.Calls <= 300);
        Assert.True(plan.Sampled);
        Assert.Contains(plan.Notes, n => n.Contains("Ran 33 of 100 examples", StringComparison.Ordinal));
        Assert.Equal(plan.Examples.Select(e => e.Id), RobustnessPlanner.Plan(Prompt(), examples, options).Examples.Select(e => e.Id));
        var positions = plan.Examples.Select(e => examples.IndexOf(e)).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.NotEqual(plan.Examples.Select(e => e.Id), RobustnessPlanner.Plan(Prompt(), examples, options with { Seed = 14 }).Examples.Select(e => e.Id));
    }

    [Fact]
    public void A_tight_budget_drops_variants_before_going_below_the_minimum_examples()
    {
        var plan = RobustnessPlanner.Plan(Prompt(), Examples(100), RobustnessOptions.Default with { Variants = 8, MaxCalls = 100, MinExamples = 30 });
        Assert.Equal(3, plan.Variants.Length);
        Assert.Equal(33, plan.Examples.Length);
        Assert.Contains(plan.Notes, n => n.Contains("allows 2 perturbed variant(s)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(59)]
    [InlineData(250)]
    [InlineData(1000)]
    public void The_budget_is_never_exceeded(int maxCalls)
    {
        var plan = RobustnessPlanner.Plan(Prompt(), Examples(120), RobustnessOptions.Default with { Variants = 12, MaxCalls = maxCalls });
        Assert.InRange(plan.Calls, 2, maxCalls);
        Assert.True(plan.Variants[0].IsBaseline);
        Assert.Equal(plan.Variants.Length, plan.Variants.Select(v => v.Name).Distinct().Count());
    }

    [Fact]
    public void Perturbations_that_cannot_apply_are_named_in_the_notes()
    {
        var plan = RobustnessPlanner.Plan(Prompt(demonstrations: 1), Examples(5), RobustnessOptions.Default with { Perturbations = ["order", "separator"], Variants = 8 });
        Assert.Equal(["baseline", "separator 1", "separator 2"], plan.Variants.Select(v => v.Name));
        Assert.Contains(plan.Notes, n => n.Contains("'order' does not apply", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("Only 2 distinct variants exist", StringComparison.Ordinal));
    }
}
