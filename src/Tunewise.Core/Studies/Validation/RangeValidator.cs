namespace Tunewise.Studies.Validation;

/// <summary>Numbers in the study lie in their meaningful ranges.</summary>
public sealed class RangeValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        var findings = new List<ValidationError>();
        void Check(bool ok, string path, string subject, string expectation, string got)
        {
            if (!ok)
            {
                findings.Add(Issue.Error(study, path, $"{subject} must be {expectation} (got {got})"));
            }
        }

        var split = study.Task.Split;
        if (study.Task.Data is not null)
        {
            Check(split.Dev is >= 0 and < 1, "task.split.dev", "task.split.dev", "a fraction in [0, 1)", Issue.Number(split.Dev));
            Check(split.Test is > 0 and < 1, "task.split.test", "task.split.test", "a fraction between 0 and 1", Issue.Number(split.Test));
            if (split.Dev is >= 0 and < 1 && split.Test is > 0 and < 1)
            {
                Check(split.Dev + split.Test < 1, "task.split", "task.split.dev + task.split.test", "less than 1 so that training examples remain", Issue.Number(split.Dev + split.Test));
            }
        }

        if (study.Requirement is { } requirement)
        {
            Check(requirement.Target is >= 0 and <= 1, "requirement.target", "requirement.target", "between 0 and 1, like the metric", Issue.Number(requirement.Target));
        }
        if (study.Budget is { } budget)
        {
            Check(budget.Usd >= 0, "budget.usd", "budget.usd", "zero or more", Issue.Number(budget.Usd));
        }
        if (study.Volume is { } volume)
        {
            Check(volume.QueriesPerMonth >= 0, "volume.queries_per_month", "volume.queries_per_month", "zero or more", volume.QueriesPerMonth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var model in study.Models)
        {
            if (model.Price is { } price)
            {
                var at = $"models.{model.Name}.price";
                Check(price.InputPerMTok >= 0, $"{at}.input_per_mtok", $"model '{model.Name}' price.input_per_mtok", "zero or more", Issue.Number(price.InputPerMTok));
                Check(price.OutputPerMTok >= 0, $"{at}.output_per_mtok", $"model '{model.Name}' price.output_per_mtok", "zero or more", Issue.Number(price.OutputPerMTok));
                if (price.CachedInputPerMTok is { } cached)
                {
                    Check(cached >= 0, $"{at}.cached_input_per_mtok", $"model '{model.Name}' price.cached_input_per_mtok", "zero or more", Issue.Number(cached));
                }
            }
            if (model.ContextWindow is { } window)
                Check(window > 0, $"models.{model.Name}.context_window", $"model '{model.Name}' context_window", "a number of tokens more than 0", Issue.Number((double)window));
            if (model.Limits is { } limits)
            {
                var at = $"models.{model.Name}.limits";
                if (limits.RequestsPerMinute is { } rpm)
                    Check(rpm > 0, $"{at}.requests_per_minute", $"model '{model.Name}' limits.requests_per_minute", "above 0", Issue.Number(rpm));
                if (limits.TokensPerMinute is { } tpm)
                    Check(tpm > 0, $"{at}.tokens_per_minute", $"model '{model.Name}' limits.tokens_per_minute", "above 0", Issue.Number(tpm));
                if (limits.Concurrency is { } slots)
                    Check(slots >= 1, $"{at}.concurrency", $"model '{model.Name}' limits.concurrency", "at least 1", Issue.Number((double)slots));
                if (limits.TimeoutFloor is { } floor)
                    Check(floor > TimeSpan.Zero, $"{at}.timeout_floor_ms", $"model '{model.Name}' limits.timeout_floor_ms", "at least 1", Issue.Number(floor.TotalMilliseconds));
            }
        }

        for (var i = 0; i < study.Arms.Length; i++)
        {
            var arm = study.Arms[i];
            var name = Issue.Arm(study, i);
            var at = $"arms[{i}]";
            Check(arm.Repeat >= 1, $"{at}.repeat", $"{name} repeat", "at least 1", arm.Repeat.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Check(arm.Temperature is >= 0 and <= 2, $"{at}.temperature", $"{name} temperature", "between 0 and 2", Issue.Number(arm.Temperature));
            if (arm.MaxTokens is { } maxTokens)
            {
                Check(maxTokens >= 1, $"{at}.max_tokens", $"{name} max_tokens", "at least 1", maxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            Check(arm.Prompt.FewShot >= 0, $"{at}.prompt.few_shot", $"{name} prompt.few_shot", "zero or more", arm.Prompt.FewShot.ToString(System.Globalization.CultureInfo.InvariantCulture));

            if (arm.Retrieval is { } retrieval)
            {
                Check(retrieval.TopK >= 1, $"{at}.retrieval.top_k", $"{name} retrieval.top_k", "at least 1", retrieval.TopK.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Check(retrieval.ChunkSize >= 1, $"{at}.retrieval.chunk_size", $"{name} retrieval.chunk_size", "at least 1", retrieval.ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Check(retrieval.ChunkOverlap >= 0 && retrieval.ChunkOverlap < Math.Max(1, retrieval.ChunkSize), $"{at}.retrieval.chunk_overlap", $"{name} retrieval.chunk_overlap",
                    "zero or more and smaller than chunk_size", retrieval.ChunkOverlap.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (arm.FineTune is { } tune)
            {
                var ft = $"{at}.finetune";
                Check(tune.Rank >= 1, $"{ft}.rank", $"{name} finetune.rank", "at least 1", tune.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
                // Alpha defaults to twice the rank, so a bad rank already explains a bad alpha.
                Check(tune.Alpha > 0 || tune.Rank < 1, $"{ft}.alpha", $"{name} finetune.alpha", "more than 0", Issue.Number(tune.Alpha));
                Check(tune.Dropout is >= 0 and < 1, $"{ft}.dropout", $"{name} finetune.dropout", "in [0, 1)", Issue.Number(tune.Dropout));
                Check(tune.Epochs >= 1, $"{ft}.epochs", $"{name} finetune.epochs", "at least 1", tune.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (tune.LearningRate is { } rate)
                {
                    Check(rate is > 0 and < 1, $"{ft}.learning_rate", $"{name} finetune.learning_rate", "between 0 and 1", Issue.Number(rate));
                }
                if (tune.MaxSteps is { } maxSteps)
                    Check(maxSteps >= 1, $"{ft}.max_steps", $"{name} finetune.max_steps", "at least 1", maxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (tune.MaxMinutes is { } maxMinutes)
                    Check(maxMinutes > 0 && double.IsFinite(maxMinutes), $"{ft}.max_minutes", $"{name} finetune.max_minutes", "a finite number more than 0", Issue.Number(maxMinutes));
                Check(tune.ForecastAbove >= 0, $"{ft}.forecast_above", $"{name} finetune.forecast_above", "0 (never) or a number of training examples",
                    tune.ForecastAbove.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Check(tune.Replay is >= 0 and < 1, $"{ft}.replay", $"{name} finetune.replay", "a fraction in [0, 1)", Issue.Number(tune.Replay));
                for (var k = 0; k < tune.LearningCurve.Length; k++)
                {
                    Check(tune.LearningCurve[k] is > 0 and <= 1 || (tune.LearningCurve[k] > 1 && tune.LearningCurve[k] == Math.Floor(tune.LearningCurve[k])), $"{ft}.learning_curve[{k}]", $"{name} finetune.learning_curve", "fractions in (0, 1] or whole numbers of examples", Issue.Number(tune.LearningCurve[k]));
                }
            }
        }
        return findings;
    }
}
