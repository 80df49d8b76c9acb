using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Data.Splits;
using Tunewise.Evaluation.Scoring;
using Tunewise.Models;
using Tunewise.Studies;

namespace Tunewise.Prompting.Optimization;

/// <summary>
/// Random search over demonstration sets with successive halving on the dev split. The candidates are seeded draws
/// from train that cover as much of it as their number allows. Every round scores the surviving candidates on the
/// first n dev examples (n doubling each round), keeps the better half, and stops at one candidate, at the end of
/// dev, or at the call budget. The test set is never touched here.
/// </summary>
public sealed class PromptOptimizer(IChatClient client, IScorer scorer, int concurrency = 8)
{
    private readonly Lock _costGate = new();
    private decimal? _cost;

    public async Task<OptimizationResult> OptimizeAsync(
        Study study, ArmSpec arm, IReadOnlyList<Example> train, IReadOnlyList<Example> dev, TestSetGuard guard,
        IReadOnlyList<string> labels, string? schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(arm);
        var spec = arm.Prompt.Optimize ?? new OptimizeSpec();
        if (dev.Count == 0)
            throw new UserInputException($"arm '{arm.Name}' optimizes its prompt on the dev split, but the study has no dev examples: add task.dev (or a split with dev > 0).");
        var leaked = guard.FindLeaks(train).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var pool = train.Where(e => !leaked.Contains(e.Id)).ToList();
        var calls = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int? bootstrapped = null;
        if (spec.Bootstrap)
        {
            // Bootstrap few-shot: the model answers training examples zero-shot; those it gets right become the pool.
            var zeroShot = arm with { Prompt = arm.Prompt with { FewShot = 0, Demonstrations = [], Optimize = null } };
            using var teacher = new PromptRenderer(zeroShot, study.Task, pool, guard, labels, schema);
            var asked = pool.Take(Math.Max(4 * Math.Max(arm.Prompt.FewShot, 1) * spec.Candidates, 32)).ToList();
            var scores = await ScoreAsync(study, zeroShot, teacher, asked, cancellationToken).ConfigureAwait(false);
            calls += asked.Count;
            var correct = asked.Where((_, i) => scores[i] >= 1).ToList();
            bootstrapped = correct.Count;
            if (correct.Count >= Math.Max(arm.Prompt.FewShot, 1))
                pool = correct;
        }
        var k = Math.Min(Math.Max(arm.Prompt.FewShot, 1), pool.Count);
        if (k == 0)
            throw new UserInputException($"arm '{arm.Name}' optimizes its demonstrations but the training split has none to choose from.");

        // Candidates walk through one seeded shuffle of train, k at a time (reshuffling when it runs out), so as many
        // distinct examples as possible get tried as demonstrations.
        var random = new Random(study.Task.Split.Seed);
        var order = pool.ToArray();
        random.Shuffle(order);
        var next = 0;
        var candidates = new List<Candidate>();
        for (var c = 0; c < Math.Max(2, spec.Candidates); c++)
        {
            var chosen = new List<string>(k);
            while (chosen.Count < k)
            {
                if (next == order.Length)
                {
                    random.Shuffle(order);
                    next = 0;
                }
                var id = order[next++].Id;
                if (!chosen.Contains(id)) chosen.Add(id);
            }
            var templates = new[] { arm.Prompt.Template }.Concat(spec.Instructions.Select(t => (string?)t)).ToList();
            candidates.Add(new Candidate(c, chosen, templates[c % templates.Count]));
        }
        guard.EnsureNotTest(pool.Where(e => candidates.Any(c => c.Demonstrations.Contains(e.Id))), TestSetGuard.FewShotPurpose(arm.Name));

        var rounds = new List<OptimizationRound>();
        var alive = candidates;
        var examples = Math.Min(dev.Count, Math.Max(1, spec.FirstRungExamples));
        while (true)
        {
            var needed = alive.Sum(c => examples - c.Scores.Count);
            if (spec.MaxCalls is { } budget && calls + needed > budget && rounds.Count > 0)
                break;
            if (spec.MaxUsd is { } dollars && _cost >= dollars && rounds.Count > 0)
                break;
            foreach (var candidate in alive)
            {
                var renderedArm = arm with { Prompt = arm.Prompt with { Template = candidate.Template, Demonstrations = [.. candidate.Demonstrations], Optimize = null } };
                using var renderer = new PromptRenderer(renderedArm, study.Task, pool, guard, labels, schema);
                var todo = dev.Skip(candidate.Scores.Count).Take(examples - candidate.Scores.Count).ToList();
                var scores = await ScoreAsync(study, renderedArm, renderer, todo, cancellationToken).ConfigureAwait(false);
                candidate.Scores.AddRange(scores);
                calls += todo.Count;
            }
            rounds.Add(new OptimizationRound(examples, alive.Select(c => new CandidateScore(c.Index, c.Demonstrations, c.Mean) { Template = c.Template }).ToList()));
            if (alive.Count == 1 || examples >= dev.Count)
                break;
            // Ties keep the earlier candidate, so the result does not depend on sort stability.
            alive = alive.OrderByDescending(c => c.Mean).ThenBy(c => c.Index).Take((alive.Count + 1) / 2).ToList();
            examples = Math.Min(dev.Count, examples * 2);
        }
        var best = alive.OrderByDescending(c => c.Mean).ThenBy(c => c.Index).First();
        return new OptimizationResult(best.Demonstrations, best.Mean, best.Scores.Count, candidates.Count, calls, rounds)
        {
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            CostUsd = _cost,
            Template = best.Template,
            BootstrappedDemonstrations = bootstrapped,
        };
    }

    private async Task<List<double>> ScoreAsync(Study study, ArmSpec arm, PromptRenderer renderer, IReadOnlyList<Example> examples, CancellationToken cancellationToken)
    {
        var results = new double[examples.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, examples.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var example = examples[i];
                var prompt = renderer.Render(example);
                var expected = example.Fields.GetValueOrDefault(study.Task.Expected);
                var input = string.Join("\n", study.Task.Input.Select(f => example.Fields.GetValueOrDefault(f) ?? ""));
                try
                {
                    var response = await client.GetResponseAsync(prompt.Messages, prompt.Options.WithLatencyGroup(arm.Name), token).ConfigureAwait(false);
                    if (response.GetCallRecord()?.CostUsd is { } cost)
                    {
                        lock (_costGate) _cost = (_cost ?? 0) + cost;
                    }
                    var answer = AnswerExtractor.Extract(response.Text ?? "", arm.Prompt.ChainOfThought);
                    var score = await scorer.ScoreAsync(new ScoreRequest(answer, expected, input), token).ConfigureAwait(false);
                    results[i] = score.IsError || !double.IsFinite(score.Value) ? 0 : score.Value;
                }
                catch (ModelCallException)
                {
                    results[i] = 0;
                }
            }).ConfigureAwait(false);
        return [.. results];
    }

    private sealed class Candidate(int index, List<string> demonstrations, string? template)
    {
        public int Index { get; } = index;
        public string? Template { get; } = template;
        public List<string> Demonstrations { get; } = demonstrations;
        public List<double> Scores { get; } = [];
        public double Mean => Scores.Count == 0 ? 0 : Scores.Average();
    }
}

/// <summary>The winning demonstrations, their dev score, and every halving round's scores.</summary>
public sealed record OptimizationResult(
    IReadOnlyList<string> Demonstrations, double DevScore, int DevExamples, int Candidates, int Calls, IReadOnlyList<OptimizationRound> Rounds)
{
    /// <summary>Wall-clock seconds the search took (what an in-process model's one-off cost is priced from).</summary>
    public double Seconds { get; init; }

    /// <summary>Dollars the search's calls cost at the model's token price; null when the model has none.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>The winning template; null means the arm's own (or the task's default).</summary>
    public string? Template { get; init; }

    /// <summary>With bootstrap: training examples the model answered correctly zero-shot (the demonstration pool).</summary>
    public int? BootstrappedDemonstrations { get; init; }
}

public sealed record OptimizationRound(int DevExamples, IReadOnlyList<CandidateScore> Candidates);

public sealed record CandidateScore(int Candidate, IReadOnlyList<string> Demonstrations, double DevScore)
{
    public string? Template { get; init; }
}
