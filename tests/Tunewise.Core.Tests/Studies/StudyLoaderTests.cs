using Tunewise.Studies;
using Tunewise.Studies.Validation;

namespace Tunewise.Core.Tests.Studies;

public class StudyLoaderTests
{
    private const string Valid = """
        name: support-intents
        task:
          kind: classification
          train: data/train.csv
          test: data/test.csv
          input: text
          expected: label
          documents: docs
        requirement: { metric: accuracy, target: 0.9 }
        volume: { queries_per_month: 2000000 }
        models:
          big: openai:gpt-4o
          small: ollama:llama3.1:8b
          local: { provider: openai-compatible, base_url: http://127.0.0.1:8000/v1, model: qwen2.5-7b,
                   api_key_env: MY_KEY, price: { input_per_mtok: 0.2, output_per_mtok: 0.6 } }
        arms:
          - { name: zero-shot, model: big, prompt: { template: "Classify: {{text}}" } }
          - { name: few-shot-8, model: big, prompt: { few_shot: 8, select: nearest } }
          - { name: rag-small, model: small, retrieval: { top_k: 4 } }
          - { name: lora-small, model: small, finetune: { method: lora, rank: 16, learning_curve: true } }
        metrics: [accuracy, macro_f1]
        budget: { usd: 20 }
        decision: { knowledge_gap_closed: 0.5 }
        robustness: { perturbations: [typos, case] }
        """;

    [Fact]
    public void Valid_study_loads_into_the_immutable_model()
    {
        using var files = new StudyFiles();
        var result = files.Check(Valid);

        Assert.True(result.IsValid, string.Join("\n", result.Findings));
        var study = result.Study!;
        Assert.Equal("support-intents", study.Name);
        Assert.Equal(TaskKind.Classification, study.Task.Kind);
        Assert.Equal(Path.Combine(files.Folder, "data", "train.csv"), study.Task.Train);
        Assert.Equal(Path.Combine(files.Folder, "docs"), study.Task.Documents);
        Assert.Equal(["text"], study.Task.Input.ToArray());
        Assert.True(study.Task.Split.Stratify);
        Assert.Equal(new RequirementSpec("accuracy", 0.9), study.Requirement);
        Assert.Equal(2_000_000, study.Volume!.QueriesPerMonth);
        Assert.Equal(20m, study.Budget!.Usd);

        Assert.Equal(["big", "small", "local"], study.Models.Select(m => m.Name));
        Assert.Equal(new ModelSpec("small", "ollama", "llama3.1:8b"), study.FindModel("small"));
        var local = study.FindModel("local")!;
        Assert.Equal(("openai-compatible", "qwen2.5-7b", "http://127.0.0.1:8000/v1", "MY_KEY"), (local.Provider, local.Model, local.BaseUrl, local.ApiKeyEnv));
        Assert.Equal(new ModelPrice(0.2m, 0.6m), local.Price);

        Assert.Equal(["zero-shot", "few-shot-8", "rag-small", "lora-small"], study.Arms.Select(a => a.Name));
        Assert.Equal("Classify: {{text}}", study.Arms[0].Prompt.Template);
        Assert.Equal((8, DemonstrationSelection.Nearest), (study.Arms[1].Prompt.FewShot, study.Arms[1].Prompt.Select));
        Assert.Equal(ArmKind.Retrieval, study.Arms[2].Kind);
        Assert.Equal(4, study.Arms[2].Retrieval!.TopK);
        var tune = study.Arms[3].FineTune!;
        Assert.Equal((FineTuneMethod.Lora, 16, 32.0), (tune.Method, tune.Rank, tune.Alpha));
        Assert.Equal(FineTuneSpec.DefaultLearningCurve, tune.LearningCurve);
        Assert.Equal(["accuracy", "macro_f1"], study.Metrics.Select(m => m.Name));
        Assert.Equal(0.5, study.Decision["knowledge_gap_closed"]);
        Assert.Equal(["perturbations"], study.Robustness.Keys.ToArray());
        Assert.False(study.Optimization.IsPresent);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Short_forms_expand_to_their_full_specs()
    {
        using var files = new StudyFiles();
        File.WriteAllText(Path.Combine(files.Folder, "order.schema.json"), "{}");
        var study = files.Check("""
            name: x
            task: { kind: extraction, data: data/all.csv, input: [text], expected: label, documents: docs }
            requirement: { metric: field_f1, target: 0.8 }
            models: { big: openai:gpt-4o }
            arms:
              - { name: a, model: big, prompt: "Extract: {{text}}" }
              - { name: b, model: big, retrieval: true }
              - { name: c, model: big, finetune: qlora }
              - name: d
                model: big
                prompt:
                  response_format: json_schema
                  schema: { type: object, required: [id] }
              - { name: e, model: big, prompt: { response_format: json_schema, schema: order.schema.json } }
            metrics: [field_f1, { name: json_schema_valid, schema: order.schema.json }]
            """).GetStudyOrThrow();

        Assert.Equal("Extract: {{text}}", study.Arms[0].Prompt.Template);
        Assert.Equal(new RetrievalSpec(), study.Arms[1].Retrieval);
        Assert.Equal(FineTuneMethod.Qlora, study.Arms[2].FineTune!.Method);
        Assert.Equal("""{"type":"object","required":["id"]}""", study.Arms[3].Prompt.Schema);
        Assert.Equal(Path.Combine(files.Folder, "order.schema.json"), study.Arms[4].Prompt.SchemaFile);
        Assert.Equal(Path.Combine(files.Folder, "order.schema.json"), study.Metrics[1].Option("schema"));
        Assert.False(study.Task.Split.Stratify);
    }

    [Fact]
    public void Source_map_points_later_stages_at_the_right_line()
    {
        using var files = new StudyFiles();
        var study = files.Check(Valid).GetStudyOrThrow();

        Assert.Equal((4, 10), (study.Source.Locate("task.train").Line, study.Source.Locate("task.train").Column));
        Assert.Equal(20, study.Source.Locate("arms[3].finetune.rank").Line);
        Assert.Equal(17, study.Source.Locate("arms[0]").Line);
    }

    [Fact]
    public void Unknown_key_is_reported_at_the_key_with_a_suggestion()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms:
              - name: x
                model: big
                prompt:
                  fewshot: 4
            """);

        Assert.Equal(["9:7: unknown key 'fewshot' in prompt of arm 'x' (did you mean 'few_shot'?)"], StudyFiles.Lines(result));
        Assert.Null(result.Study);
        var error = Assert.Single(result.Errors);
        Assert.EndsWith("study.yaml:9:7: unknown key 'fewshot' in prompt of arm 'x' (did you mean 'few_shot'?)", error.ToString());
    }

    [Fact]
    public void Key_at_the_wrong_level_says_where_it_belongs()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, data: data/all.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms:
              - { name: x, model: big, few_shot: 4 }
            """);

        Assert.Equal(["6:28: unknown key 'few_shot' in arm 'x' (it belongs under 'prompt')"], StudyFiles.Lines(result));
    }

    [Fact]
    public void Top_level_typo_suggests_the_key()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            modles: { big: openai:gpt-4o }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """);

        Assert.Equal(["4:1: unknown key 'modles' (did you mean 'models'?)"], StudyFiles.Lines(result));
    }

    [Fact]
    public void Missing_required_keys_point_at_their_parent()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            requirement: { metric: accuracy, target: 0.9 }
            task:
              input: text
            arms:
              - { model: big }
              - { name: b }
            """);

        Assert.Equal(
        [
            "1:1: missing required key 'name' (a short name for the study)",
            "1:1: missing required key 'models' (at least one model, e.g. 'big: openai:gpt-4o-mini')",
            "2:1: missing required key 'kind' in task (classification | extraction | generation | qa)",
            "2:1: task needs 'data' (one file to split) or 'test' (a held-out test file)",
            "2:1: missing required key 'expected' in task (the field that holds the gold answer)",
            "5:5: missing required key 'name' in arm #1",
            "5:14: arm #1 names undefined model 'big'; the study defines no models",
            "6:5: missing required key 'model' in arm 'b'",
        ], StudyFiles.Lines(result));
    }

    [Fact]
    public void Every_range_and_reference_problem_is_located()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task:
              kind: qa
              data: data/all.csv
              expected: label
              documents: nowhere
              split: { dev: 0.5, test: 0.6 }
            requirement: { metric: f1, target: 0.5 }
            volume: { queries_per_month: -1 }
            models:
              big: { provider: openai, model: gpt-4o, base_url: "localhost:8000", price: { input_per_mtok: -1, output_per_mtok: 2 } }
              bare: { provider: ollama }
            arms:
              - name: r
                model: big
                max_tokens: 0
                retrieval: { top_k: 0, chunk_size: 100, chunk_overlap: 100 }
              - name: t
                model: big
                finetune: { rank: 0, dropout: 1, epochs: 0, learning_rate: 2, replay: 1, learning_curve: [0.5, 1.5] }
              - name: j
                model: big
                prompt: { few_shot: -1, response_format: json_schema }
              - name: s
                model: big
                prompt: { schema: missing.json }
            """);

        Assert.Equal(
        [
            "6:14: task.documents: no such file or folder: " + Path.Combine(files.Folder, "nowhere"),
            "7:10: task.split.dev + task.split.test must be less than 1 so that training examples remain (got 1.1)",
            "8:24: unknown metric 'f1' in requirement",
            "9:30: volume.queries_per_month must be zero or more (got -1)",
            "11:53: model 'big' base_url must be an absolute http(s) URL (got 'localhost:8000')",
            "11:96: model 'big' price.input_per_mtok must be zero or more (got -1)",
            "12:9: missing required key 'model' in model 'bare' (the provider's model id)",
            "16:17: arm 'r' max_tokens must be at least 1 (got 0)",
            "17:25: arm 'r' retrieval.top_k must be at least 1 (got 0)",
            "17:60: arm 'r' retrieval.chunk_overlap must be zero or more and smaller than chunk_size (got 100)",
            "20:23: arm 't' finetune.rank must be at least 1 (got 0)",
            "20:35: arm 't' finetune.dropout must be in [0, 1) (got 1)",
            "20:46: arm 't' finetune.epochs must be at least 1 (got 0)",
            "20:64: arm 't' finetune.learning_rate must be between 0 and 1 (got 2)",
            "20:75: arm 't' finetune.replay must be a fraction in [0, 1) (got 1)",
            "20:100: arm 't' finetune.learning_curve must be fractions in (0, 1] or whole numbers of examples (got 1.5)",
            "23:25: arm 'j' prompt.few_shot must be zero or more (got -1)",
            "23:46: arm 'j' asks for response_format json_schema and needs prompt.schema (an inline schema or a .json file)",
            "26:23: warning: arm 's' gives prompt.schema but its response_format is not json_schema, so the schema is not used",
            "26:23: arm 's' prompt.schema: file not found: " + Path.Combine(files.Folder, "missing.json"),
        ], StudyFiles.Lines(result));
    }

    [Fact]
    public void Fine_tuning_budgets_that_are_not_positive_are_located()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, train: data/train.csv, expected: label }
            models:
              big: { provider: openai, model: gpt-4o }
            arms:
              - { name: a, model: big, finetune: { max_steps: 0, max_minutes: -5 } }
              - { name: b, model: big, finetune: { max_steps: 2.5, max_minutes: soon } }
              - { name: c, model: big, finetune: { max_hours: 1 } }
              - { name: d, model: big, finetune: { max_steps: 100, max_minutes: 0.5 } }
            """);

        var lines = StudyFiles.Lines(result);
        Assert.Contains("6:51: arm 'a' finetune.max_steps must be at least 1 (got 0)", lines);
        Assert.Contains("6:67: arm 'a' finetune.max_minutes must be a finite number more than 0 (got -5)", lines);
        Assert.Contains(lines, l => l.StartsWith("7:51: arm 'b' finetune.max_steps must be a whole number", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("7:69: arm 'b' finetune.max_minutes must be a number", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("8:40:", StringComparison.Ordinal) && l.Contains("max_hours", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("9:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_negative_or_fractional_forecast_threshold_is_located_and_the_default_forecasts_large_sets()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, train: data/train.csv, expected: label }
            models:
              big: { provider: openai, model: gpt-4o }
            arms:
              - { name: a, model: big, finetune: { forecast_above: -1 } }
              - { name: b, model: big, finetune: { forecast_above: 1.5 } }
              - { name: c, model: big, finetune: { forecast_above: 0 } }
              - { name: d, model: big, finetune: { method: full } }
            """);

        var lines = StudyFiles.Lines(result);
        Assert.Contains("6:56: arm 'a' finetune.forecast_above must be 0 (never) or a number of training examples (got -1)", lines);
        Assert.Contains(lines, l => l.StartsWith("7:56: arm 'b' finetune.forecast_above must be a whole number", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("8:", StringComparison.Ordinal) || l.StartsWith("9:", StringComparison.Ordinal));
        Assert.Equal(Tunewise.Studies.FineTuneDefaults.ForecastAbove, new Tunewise.Studies.FineTuneSpec().ForecastAbove);
        Assert.False(Tunewise.FineTuning.Running.FineTuneForecaster.Applies(new Tunewise.Studies.FineTuneSpec { ForecastAbove = 0 }, 1_000_000, 200));
        Assert.True(Tunewise.FineTuning.Running.FineTuneForecaster.Applies(new Tunewise.Studies.FineTuneSpec(), Tunewise.Studies.FineTuneDefaults.ForecastAbove, 200));
    }

    [Fact]
    public void Wrong_shapes_are_reported_where_they_are()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: [x]
            task: { kind: classification, train: data/train.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models:
              big: [openai, gpt-4o]
            arms: { name: x }
            metrics: accuracy
            """);

        Assert.Equal(
        [
            "1:7: name must be a single value, not a list",
            "2:1: task.train and task.dev need a task.test file: the held-out set every arm is measured on",
            "5:8: model 'big' must be a reference like 'openai:gpt-4o-mini' or a map with provider, model and base_url",
            "6:7: arms must be a list, e.g. '- { name: zero-shot, model: big }'",
            "7:10: metrics must be a list, e.g. [accuracy, macro_f1]",
        ], StudyFiles.Lines(result));
    }

    [Fact]
    public void Missing_task_is_one_error_not_a_cascade()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """);

        Assert.Equal(["1:1: missing required key 'task' (kind, data or test, input, expected)"], StudyFiles.Lines(result));
    }

    [Fact]
    public void Wrong_types_and_ranges_are_located_at_the_value()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task:
              kind: classification
              data: data/all.csv
              expected: label
              split: { dev: 1.5, test: ten, seed: 7 }
            requirement: { metric: accuracy, target: 90 }
            models: { big: openai:gpt-4o }
            arms:
              - { name: x, model: big, temperature: 3, repeat: 0 }
              - { name: y, model: big, prompt: { chain_of_thought: maybe, select: nearst } }
            budget: { usd: -5 }
            """);

        Assert.Equal(
        [
            "6:17: task.split.dev must be a fraction in [0, 1) (got 1.5)",
            "6:28: task.split.test must be a number (got 'ten')",
            "7:42: requirement.target must be between 0 and 1, like the metric (got 90)",
            "10:41: arm 'x' temperature must be between 0 and 2 (got 3)",
            "10:52: arm 'x' repeat must be at least 1 (got 0)",
            "11:56: arm 'y' prompt.chain_of_thought must be true or false (got 'maybe')",
            "11:71: arm 'y' prompt.select must be one of random | stratified | nearest (got 'nearst') (did you mean 'nearest'?)",
            "12:16: budget.usd must be zero or more (got -5)",
        ], StudyFiles.Lines(result));
    }

    [Fact]
    public void Four_planted_errors_are_all_reported_at_once()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: clasification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms:
              - { name: a, model: bgi }
              - { name: a, model: big }
            metrics: [accuracy, acuracy]
            """);

        Assert.Equal(
        [
            "2:15: task.kind must be one of classification | extraction | generation | qa (got 'clasification') (did you mean 'classification'?)",
            "6:23: arm 'a' names undefined model 'bgi' (did you mean 'big'?)",
            "7:13: duplicate arm name 'a' (also arm #1); arm names must be unique",
            "8:21: unknown metric 'acuracy' (did you mean 'accuracy'?); known metrics: accuracy, macro_f1, exact_match, contains, regex, json_valid, json_schema_valid, field_f1, token_f1, rouge_l, numeric, judge",
        ], StudyFiles.Lines(result));

        var ex = Assert.Throws<StudyValidationException>(() => result.GetStudyOrThrow());
        Assert.Equal(4, ex.Errors.Length);
        Assert.Equal(4, ex.Message.Split(Environment.NewLine).Length);
        Assert.IsAssignableFrom<UserInputException>(ex);
    }

    [Fact]
    public void Requirement_metric_must_be_among_the_metrics()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: macro_f1, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            metrics: [accuracy]
            """);

        Assert.Equal(["3:24: requirement.metric 'macro_f1' is not among the study's metrics (accuracy); add it to 'metrics'"], StudyFiles.Lines(result));
    }

    [Fact]
    public void Without_metrics_the_kind_defaults_apply_and_include_the_requirement()
    {
        using var files = new StudyFiles();
        var study = files.Check("""
            name: x
            task: { kind: generation, test: data/test.csv, expected: label }
            requirement: { metric: exact_match, target: 0.5 }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """).GetStudyOrThrow();

        Assert.Equal(["rouge_l", "exact_match"], study.Metrics.Select(m => m.Name));
        Assert.False(study.Task.Split.Stratify);
    }

    [Fact]
    public void Missing_requirement_is_a_warning_and_the_study_still_loads()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """);

        Assert.True(result.IsValid);
        Assert.Equal(["1:1: warning: no requirement: add e.g. 'requirement: { metric: accuracy, target: 0.9 }' so the report can say whether prompting is enough"], StudyFiles.Lines(result));
    }

    [Fact]
    public void Incomplete_requirement_is_one_error_not_also_a_warning()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """);

        Assert.Equal(["3:1: missing required key 'target' in requirement (e.g. requirement: { metric: accuracy, target: 0.9 })"], StudyFiles.Lines(result));
    }

    [Fact]
    public void Split_next_to_a_test_file_is_a_warning()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task:
              kind: classification
              test: data/test.csv
              expected: label
              split: { test: 0.3 }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """);

        Assert.True(result.IsValid);
        Assert.Equal(["6:3: warning: task.split is ignored: the study gives task.test, so nothing is split"], StudyFiles.Lines(result));
    }

    [Fact]
    public void Models_check_provider_base_url_and_never_echo_a_pasted_key()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models:
              a: opneai:gpt-4o
              b: gpt-4o
              c: { provider: openai-compatible, model: qwen }
              d: { provider: openai, model: gpt-4o, api_key_env: sk-secret-123 }
              e: { provider: openai, model: gpt-4o, api_key: sk-secret-456 }
            arms: [{ name: x, model: a }]
            """);

        Assert.Equal(
        [
            "5:6: unknown provider 'opneai' in model 'a' (did you mean 'openai'?); providers: openai, anthropic, ollama, gguf, lab, openai-compatible",
            "6:6: model 'b' needs a provider: write 'provider:model', e.g. 'openai:gpt-4o' (providers: openai, anthropic, ollama, gguf, lab, openai-compatible)",
            "7:6: model 'c' uses provider 'openai-compatible' and needs base_url, e.g. { provider: openai-compatible, base_url: http://127.0.0.1:8000/v1, model: qwen }",
            "8:54: model 'd' api_key_env must name an environment variable (letters, digits, '_'), not hold the key itself",
            "9:41: unknown key 'api_key' in model 'e'; a study never holds a key: set an environment variable and name it with api_key_env",
        ], StudyFiles.Lines(result));
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("sk-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Template_fields_are_checked_against_the_data_when_known()
    {
        using var files = new StudyFiles();
        const string yaml = """
            name: x
            task: { kind: classification, test: data/test.csv, input: text, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms:
              - name: x
                model: big
                prompt:
                  template: "Classify {{txt}} into one of {{labels}}"
            """;

        Assert.True(files.Check(yaml).IsValid);
        var result = files.Check(yaml, new HashSet<string> { "id", "text", "label" });

        Assert.Equal(["9:17: arm 'x' prompt.template uses {{txt}} but the data has no field 'txt' (did you mean 'text'?); fields: id, label, text"], StudyFiles.Lines(result));
    }

    [Fact]
    public void Input_and_expected_fields_are_checked_against_the_data_when_known()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, input: [text, title], expected: lable }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """, new HashSet<string> { "text", "label" });

        Assert.Equal(
        [
            "2:66: task.input field 'title' is not in the data; fields: label, text",
            "2:84: task.expected field 'lable' is not in the data (did you mean 'label'?); fields: label, text",
        ], StudyFiles.Lines(result));
    }

    [Fact]
    public void Arms_that_need_training_data_or_documents_are_named()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms:
              - { name: few, model: big, prompt: { few_shot: 8 } }
              - { name: rag, model: big, retrieval: { top_k: 2 } }
              - { name: tuned, model: big, finetune: { method: qlora, teacher: bigg } }
            """);

        Assert.Equal(
        [
            "6:5: arm 'few' shows 8 demonstrations and needs training examples: add task.train (or use task.data)",
            "7:41: arm 'rag' uses retrieval and needs task.documents (a file or folder to search)",
            "8:5: arm 'tuned' fine-tunes and needs training examples: add task.train (or use task.data)",
            "8:68: arm 'tuned' finetune.teacher names neither a model nor a prompting or retrieval arm: 'bigg' (did you mean 'big'?)",
        ], StudyFiles.Lines(result));
    }

    [Fact]
    public void Missing_data_file_and_both_data_and_test_are_errors()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, data: data/all.csv, test: data/nope.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """);

        var lines = StudyFiles.Lines(result);
        Assert.Equal(2, lines.Count);
        Assert.Equal("2:37: give either task.data (one file to split) or task.train/dev/test, not both", lines[0]);
        Assert.StartsWith("2:57: task.test: file not found: ", lines[1]);
        Assert.EndsWith(Path.Combine("data", "nope.csv"), lines[1]);
    }

    [Fact]
    public void Metric_options_are_checked()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: extraction, test: data/test.csv, expected: label }
            requirement: { metric: regex, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            metrics:
              - { name: regex, patern: "^a" }
              - { name: judge, model: smal, rubric: "Is it polite?" }
            """);

        Assert.Equal(
        [
            "7:5: metric 'regex' needs a 'pattern', e.g. { name: regex, pattern: \"^[A-Z]{3}$\" }",
            "7:20: unknown option 'patern' for metric 'regex' (did you mean 'pattern'?); it takes: pattern",
            "8:27: metric 'judge' names undefined model 'smal'; defined models: big",
        ], StudyFiles.Lines(result));
    }

    [Fact]
    public void The_judge_model_is_named_model_and_judge_model_is_refused_not_read_as_it()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: generation, test: data/test.csv, expected: label }
            requirement: { metric: judge, target: 0.8 }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            metrics:
              - { name: judge, judge_model: big, rubric: "Is it polite?" }
            """);

        Assert.Equal(
        [
            "7:5: metric 'judge' needs a 'model' naming one of the study's models",
            "7:20: unknown option 'judge_model' for metric 'judge'; it takes: model, rubric",
        ], StudyFiles.Lines(result));
    }

    [Fact]
    public void Invalid_yaml_is_a_located_error()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task:
              kind: classification
             expected: [label
            """);

        var error = Assert.Single(result.Findings);
        Assert.StartsWith("invalid YAML: ", error.Message);
        Assert.Equal(4, error.Line);
        Assert.Null(result.Study);
    }

    [Fact]
    public void Duplicate_keys_are_a_located_error()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            name: y
            """);

        var error = Assert.Single(result.Findings);
        Assert.Contains("invalid YAML", error.Message);
    }

    [Fact]
    public void Empty_file_says_how_to_start()
    {
        using var files = new StudyFiles();
        Assert.Equal(["1:1: the study is empty; run 'tunewise init' for a starter study"], StudyFiles.Lines(files.Check("")));
    }

    [Fact]
    public void Load_throws_a_user_input_exception_listing_every_error()
    {
        using var files = new StudyFiles();
        File.WriteAllText(Path.Combine(files.Folder, "bad.yaml"), "name: x\nbogus: 1\n");

        var ex = Assert.Throws<StudyValidationException>(() => StudyLoader.Load(Path.Combine(files.Folder, "bad.yaml")));

        Assert.Contains("bad.yaml:2:1: unknown key 'bogus'", ex.Message);
        Assert.Contains("bad.yaml:1:1: missing required key 'task'", ex.Message);
    }

    [Fact]
    public void Model_limits_load_and_each_bad_value_is_named_where_it_is()
    {
        using var files = new StudyFiles();
        var good = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models:
              gpt: { provider: openai, model: gpt-4o-mini, limits: { requests_per_minute: 500, tokens_per_minute: 200000, concurrency: 4, timeout_floor_ms: 250 } }
            arms:
              - { name: a, model: gpt }
            """);

        Assert.True(good.IsValid, string.Join("\n", good.Findings));
        Assert.Equal(new ModelLimits { RequestsPerMinute = 500, TokensPerMinute = 200_000, Concurrency = 4, TimeoutFloor = TimeSpan.FromMilliseconds(250) },
            good.Study!.FindModel("gpt")!.Limits);

        var bad = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models:
              gpt: { provider: openai, model: gpt-4o-mini, limits: { requests_per_minute: 0, tokens_per_minute: -5, concurrency: 0, timeout_floor_ms: 0 } }
              typo: { provider: openai, model: gpt-4o-mini, limits: { concurency: 2 } }
              half: { provider: openai, model: gpt-4o-mini, limits: { concurrency: 1.5 } }
              local: { provider: lab, model: tw-base, limits: { concurrency: 2 } }
            arms:
              - { name: a, model: gpt }
            """);

        Assert.Equal(
        [
            "5:79: model 'gpt' limits.requests_per_minute must be above 0 (got 0)",
            "5:101: model 'gpt' limits.tokens_per_minute must be above 0 (got -5)",
            "5:118: model 'gpt' limits.concurrency must be at least 1 (got 0)",
            "5:139: model 'gpt' limits.timeout_floor_ms must be at least 1 (got 0)",
            "6:59: unknown key 'concurency' in limits of model 'typo' (did you mean 'concurrency'?)",
            "7:72: model 'half' limits.concurrency must be a whole number (got '1.5')",
            "8:51: warning: model 'local' runs in-process (lab); its limits apply to calls over a network and are ignored",
        ], StudyFiles.Lines(bad));
    }

    [Fact]
    public void A_lab_models_device_and_dtype_load_and_are_refused_elsewhere_or_when_unknown()
    {
        using var files = new StudyFiles();
        var good = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models:
              local: { provider: lab, model: tw-base, device: auto, dtype: bf16 }
            arms:
              - { name: a, model: local }
            """);
        Assert.True(good.IsValid, string.Join("\n", good.Findings));
        var local = good.Study!.FindModel("local")!;
        Assert.Equal(("auto", "bf16"), (local.Device, local.DType));
        var reference = Tunewise.Models.StudyModels.ToReference(local);
        Assert.Equal(("auto", "bf16"), (reference.Device, reference.DType));

        var bad = files.Check("""
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models:
              gpt: { provider: openai, model: gpt-4o-mini, device: cuda }
              local: { provider: lab, model: tw-base, device: gpu, dtype: fp16 }
            arms:
              - { name: a, model: gpt }
            """);
        Assert.Equal(
        [
            "5:56: model 'gpt' sets device, which only lab models take (provider 'openai' decides its own)",
            "6:51: model 'local' device is 'gpu'; expected one of cpu, cuda, auto",
            "6:63: model 'local' dtype is 'fp16'; expected one of fp32, bf16",
        ], StudyFiles.Lines(bad));
    }
}
