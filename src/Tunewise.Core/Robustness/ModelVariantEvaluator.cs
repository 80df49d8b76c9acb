using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Evaluation.Scoring;
using Tunewise.Models;
using Tunewise.Prompting;
using Tunewise.Studies;

namespace Tunewise.Robustness;

/// <summary>
/// Evaluates a robustness variant of an arm through the arm's own model pipeline (cache, retry,
/// budget) and scores it with the study's primary metric. A failed call is a result with an error.
/// </summary>
internal sealed class ModelVariantEvaluator(IChatClient client, IScorer scorer, Study study, ArmSpec arm) : IVariantEvaluator
{
    public async Task<IReadOnlyList<VariantResult>> EvaluateAsync(PromptVariant variant, IReadOnlyList<Example> examples, CancellationToken cancellationToken)
    {
        // Timed with the arm's own calls: a variant asks for the same kind of answer.
        var options = new ChatOptions { Temperature = (float)arm.Temperature, MaxOutputTokens = arm.MaxTokens }.WithLatencyGroup(arm.Name);
        if (arm.Prompt.Raw)
            options.WithRawCompletion();
        var results = new List<VariantResult>(examples.Count);
        foreach (var example in examples)
        {
            string output;
            try
            {
                var messages = variant.Render(example);
                // A completion-mode arm's variants are one text too, the system text first, as the arm's own prompts.
                if (arm.Prompt.Raw)
                    messages = [new ChatMessage(ChatRole.User, string.Join("\n\n", messages.Select(m => m.Text)))];
                var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                output = response.Text;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                results.Add(new VariantResult(example.Id, null, 0, ex.Message));
                continue;
            }

            var answer = AnswerExtractor.Extract(output, arm.Prompt.ChainOfThought);
            var expected = example.Fields.TryGetValue(study.Task.Expected, out var gold) ? gold : null;
            var score = await scorer.ScoreAsync(new ScoreRequest(answer, expected), cancellationToken).ConfigureAwait(false);
            results.Add(score.IsError
                ? new VariantResult(example.Id, output, 0, score.Reason)
                : new VariantResult(example.Id, output, score.Value));
        }

        return results;
    }
}
