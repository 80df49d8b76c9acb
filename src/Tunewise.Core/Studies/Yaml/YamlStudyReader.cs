using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Tunewise.Studies.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tunewise.Studies.Yaml;

/// <summary>
/// Maps a study's YAML nodes onto a <see cref="StudyBuilder"/> by hand, so that every problem can be
/// reported at its line and column, and reading goes on after a problem so all of them are reported.
/// Shape problems (unknown keys, wrong types, bad enum values) are found here; meaning problems are
/// left to the validators, which find their locations through the recorded <see cref="StudySource"/>.
/// </summary>
internal sealed partial class YamlStudyReader
{
    private static readonly string[] RootKeys = ["name", "task", "requirement", "volume", "models", "arms", "metrics", "budget", "decision", "robustness", "optimization"];
    private static readonly string[] TaskKeys = ["kind", "data", "train", "dev", "test", "input", "expected", "documents", "split"];
    private static readonly string[] SplitKeys = ["dev", "test", "seed", "stratify"];
    private static readonly string[] RequirementKeys = ["metric", "target"];
    private static readonly string[] VolumeKeys = ["queries_per_month"];
    private static readonly string[] BudgetKeys = ["usd"];
    private static readonly string[] ModelKeys = ["provider", "base_url", "model", "api_key_env", "price", "limits", "device", "dtype", "context_window"];
    private static readonly string[] LimitKeys = ["requests_per_minute", "tokens_per_minute", "concurrency", "timeout_floor_ms"];
    private static readonly string[] PriceKeys = ["input_per_mtok", "cached_input_per_mtok", "output_per_mtok"];
    private static readonly string[] ArmKeys = ["name", "model", "prompt", "retrieval", "finetune", "repeat", "temperature", "max_tokens", "baseline", "constrain", "truncate"];
    private static readonly string[] BaselineKeys = ["kind", "k"];
    private static readonly string[] PromptKeys = ["template", "system", "few_shot", "select", "order", "chain_of_thought", "raw", "response_format", "schema", "demonstrations", "optimize"];
    private static readonly string[] OptimizeKeys = ["candidates", "first_rung_examples", "max_calls", "max_usd", "instructions", "bootstrap"];
    private static readonly string[] RetrievalKeys = ["top_k", "chunk_size", "chunk_overlap", "oracle"];
    private static readonly string[] FineTuneKeys = ["method", "rank", "alpha", "dropout", "targets", "epochs", "learning_rate", "train", "forgetting_suite", "clean", "teacher", "replay", "learning_curve", "max_steps", "max_minutes", "forecast_above", "backend", "trainer", "command", "output", "price_per_hour", "gpu", "gpus", "endpoint"];
    private static readonly string[] CommandTrainerKeys = ["trainer", "command", "output", "price_per_hour", "gpu", "gpus", "endpoint"];
    private static readonly string[] EndpointKeys = ["base_url", "model", "api_key_env"];
    private static readonly string[] Backends = ["command"];
    private static readonly string[] Trainers = ["axolotl", "llama-factory", "torchtune", "hf"];

    private static readonly string[] TaskKinds = ["classification", "extraction", "generation", "qa"];
    private static readonly string[] Selections = ["random", "stratified", "nearest"];
    private static readonly string[] Orders = ["fixed", "shuffled"];
    private static readonly string[] ResponseFormats = ["text", "json", "json_schema"];
    private static readonly string[] MethodNames = [.. FineTuneMethods.Names];
    private static readonly string[] BaselineKinds = ["tfidf-knn", "logistic"];
    private static readonly string[] Constraints = ["labels"];
    private static readonly string[] TruncatePolicies = ["demonstrations", "input", "skip", "error"];

    private readonly string _file;
    private readonly string _baseDirectory;
    private readonly List<ValidationError> _errors = [];
    private readonly Dictionary<string, (StudyLocation Key, StudyLocation Value)> _locations = new(StringComparer.Ordinal);

    public YamlStudyReader(string file, string baseDirectory)
    {
        _file = file;
        _baseDirectory = baseDirectory;
    }

    public IReadOnlyList<ValidationError> Errors => _errors;

    public StudySource Source => new(_file, _locations.ToImmutableDictionary(StringComparer.Ordinal));

    /// <summary>Reads the study; returns null when the text is not YAML at all or is not a map.</summary>
    public StudyBuilder? Read(string yaml)
    {
        YamlStream stream;
        try
        {
            stream = YamlText.Load(yaml);
        }
        catch (YamlException ex)
        {
            var message = YamlPositionPrefix().Replace(ex.InnerException is YamlException inner ? inner.Message : ex.Message, string.Empty);
            _errors.Add(new ValidationError(_file, Line(ex.Start), Column(ex.Start), $"invalid YAML: {message}"));
            return null;
        }
        catch (ArgumentException ex)
        {
            // The representation model rejects a repeated key while building its dictionary.
            _errors.Add(new ValidationError(_file, 1, 1, $"invalid YAML: {ex.Message}"));
            return null;
        }

        if (stream.Documents.Count == 0 || YamlScalars.IsNull(stream.Documents[0].RootNode))
        {
            _errors.Add(new ValidationError(_file, 1, 1, "the study is empty; run 'tunewise init' for a starter study"));
            return null;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, "", "a study must be a map of keys such as name, task, models and arms");
            return null;
        }

        _locations[""] = (At(root.Start), At(root.Start));
        var builder = new StudyBuilder { BaseDirectory = _baseDirectory };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(root, "", RootKeys, where: ""))
        {
            seen.Add(key);
            switch (key)
            {
                case "name": builder.Name = Text(value, key, "name") ?? string.Empty; break;
                case "task": ReadTask(value, builder.Task); break;
                case "requirement": ReadRequirement(value, builder); break;
                case "volume": ReadVolume(value, builder); break;
                case "models": ReadModels(value, builder); break;
                case "arms": ReadArms(value, builder); break;
                case "metrics": ReadMetrics(value, builder); break;
                case "budget": ReadBudget(value, builder); break;
                case "decision": ReadDecision(value, builder); break;
                case "robustness": builder.Robustness = Options(value, key); break;
                case "optimization": builder.Optimization = Options(value, key); break;
            }
        }
        if (!seen.Contains("task"))
        {
            _errors.Add(ValidationError.At(At(root.Start), "missing required key 'task' (kind, data or test, input, expected)", path: "task"));
        }
        return builder;
    }

    private void ReadTask(YamlNode node, TaskBuilder task)
    {
        if (Map(node, "task", "task") is not { } map)
        {
            return;
        }
        var hasKind = false;
        foreach (var (key, value) in Entries(map, "task", TaskKeys, "in task"))
        {
            var path = $"task.{key}";
            switch (key)
            {
                case "kind":
                    hasKind = true;
                    task.Kind = Choice<TaskKind>(value, path, "task.kind", TaskKinds);
                    break;
                case "data": task.Data = Text(value, path, path); break;
                case "train": task.Train = Text(value, path, path); break;
                case "dev": task.Dev = Text(value, path, path); break;
                case "test": task.Test = Text(value, path, path); break;
                case "expected": task.Expected = Text(value, path, path); break;
                case "documents": task.Documents = Text(value, path, path); break;
                case "input":
                    task.Input.Clear();
                    task.Input.AddRange(TextList(value, path, path));
                    break;
                case "split": ReadSplit(value, task); break;
            }
        }
        if (!hasKind)
        {
            _errors.Add(ValidationError.At(LocateKey("task"), StudyBuilder.MissingKindMessage, path: "task.kind"));
        }
        if (task.Test is not null && task.Data is null && _locations.TryGetValue("task.split", out var split))
        {
            _errors.Add(ValidationError.At(split.Key, "task.split is ignored: the study gives task.test, so nothing is split", ValidationSeverity.Warning, "task.split"));
        }
    }

    private void ReadSplit(YamlNode node, TaskBuilder task)
    {
        if (Map(node, "task.split", "task.split") is not { } map)
        {
            return;
        }
        foreach (var (key, value) in Entries(map, "task.split", SplitKeys, "in task.split"))
        {
            var path = $"task.split.{key}";
            switch (key)
            {
                case "dev": task.SplitDev = Number(value, path, path); break;
                case "test": task.SplitTest = Number(value, path, path); break;
                case "seed": task.Seed = Integer(value, path, path); break;
                case "stratify": task.Stratify = Bool(value, path, path); break;
            }
        }
    }

    private void ReadRequirement(YamlNode node, StudyBuilder builder)
    {
        if (Map(node, "requirement", "requirement") is not { } map)
        {
            return;
        }
        string? metric = null;
        double? target = null;
        foreach (var (key, value) in Entries(map, "requirement", RequirementKeys, "in requirement"))
        {
            if (key == "metric")
            {
                metric = Text(value, "requirement.metric", "requirement.metric");
            }
            else
            {
                target = Number(value, "requirement.target", "requirement.target");
            }
        }
        if (metric is null || target is null)
        {
            var missing = metric is null ? "metric" : "target";
            _errors.Add(ValidationError.At(LocateKey("requirement"), $"missing required key '{missing}' in requirement (e.g. requirement: {{ metric: accuracy, target: 0.9 }})", path: "requirement"));
            return;
        }
        builder.Requirement = new RequirementSpec(metric, target.Value);
    }

    private void ReadVolume(YamlNode node, StudyBuilder builder)
    {
        if (Map(node, "volume", "volume") is not { } map)
        {
            return;
        }
        foreach (var (_, value) in Entries(map, "volume", VolumeKeys, "in volume"))
        {
            if (Long(value, "volume.queries_per_month", "volume.queries_per_month") is { } queries)
            {
                builder.Volume = new VolumeSpec(queries);
            }
        }
    }

    private void ReadBudget(YamlNode node, StudyBuilder builder)
    {
        if (Map(node, "budget", "budget") is not { } map)
        {
            return;
        }
        foreach (var (_, value) in Entries(map, "budget", BudgetKeys, "in budget"))
        {
            if (Decimal(value, "budget.usd", "budget.usd") is { } usd)
            {
                builder.Budget = new BudgetSpec(usd);
            }
        }
    }

    private void ReadDecision(YamlNode node, StudyBuilder builder)
    {
        if (Map(node, "decision", "decision") is not { } map)
        {
            return;
        }
        foreach (var (key, value) in Entries(map, "decision", known: null, "in decision"))
        {
            if (Number(value, $"decision.{key}", $"decision.{key}") is { } threshold)
            {
                builder.Decision[key] = threshold;
            }
        }
    }

    private void ReadModels(YamlNode node, StudyBuilder builder)
    {
        if (Map(node, "models", "models (a map from a name to a reference like openai:gpt-4o-mini)") is not { } map)
        {
            return;
        }
        foreach (var (name, value) in Entries(map, "models", known: null, "in models"))
        {
            var path = $"models.{name}";
            if (value is YamlScalarNode scalar && !YamlScalars.IsNull(scalar))
            {
                var reference = scalar.Value ?? string.Empty;
                builder.Models.Add(ModelSpec.TryParse(name, reference) ?? new ModelSpec(name, string.Empty, reference));
                continue;
            }
            if (value is not YamlMappingNode model)
            {
                Error(value, path, $"model '{name}' must be a reference like 'openai:gpt-4o-mini' or a map with provider, model and base_url");
                continue;
            }
            string? provider = null, modelId = null, baseUrl = null, keyEnv = null, device = null, dtype = null;
            ModelPrice? price = null;
            ModelLimits? limits = null;
            int? contextWindow = null;
            foreach (var (key, item) in Entries(model, path, ModelKeys, $"in model '{name}'"))
            {
                var at = $"{path}.{key}";
                switch (key)
                {
                    case "provider": provider = Text(item, at, $"model '{name}' provider"); break;
                    case "model": modelId = Text(item, at, $"model '{name}' model"); break;
                    case "base_url": baseUrl = Text(item, at, $"model '{name}' base_url"); break;
                    case "api_key_env": keyEnv = Text(item, at, $"model '{name}' api_key_env"); break;
                    case "price": price = ReadPrice(item, at, name); break;
                    case "limits": limits = ReadLimits(item, at, name); break;
                    case "device": device = Text(item, at, $"model '{name}' device"); break;
                    case "dtype": dtype = Text(item, at, $"model '{name}' dtype"); break;
                    case "context_window": contextWindow = Integer(item, at, $"model '{name}' context_window"); break;
                }
            }
            if (provider is null)
            {
                _errors.Add(ValidationError.At(LocateKey(path), $"missing required key 'provider' in model '{name}' (providers: {string.Join(", ", ModelProviders.All)})", path: $"{path}.provider"));
                continue;
            }
            builder.Models.Add(new ModelSpec(name, provider, modelId ?? string.Empty, baseUrl, keyEnv, price, limits, device, dtype, contextWindow));
        }
    }

    private ModelLimits? ReadLimits(YamlNode node, string path, string model)
    {
        if (Map(node, path, $"model '{model}' limits") is not { } map)
        {
            return null;
        }
        var limits = new ModelLimits();
        foreach (var (key, value) in Entries(map, path, LimitKeys, $"in limits of model '{model}'"))
        {
            var at = $"{path}.{key}";
            limits = key switch
            {
                "requests_per_minute" => limits with { RequestsPerMinute = Number(value, at, $"model '{model}' limits.{key}") },
                "tokens_per_minute" => limits with { TokensPerMinute = Number(value, at, $"model '{model}' limits.{key}") },
                "concurrency" => limits with { Concurrency = Integer(value, at, $"model '{model}' limits.{key}") },
                "timeout_floor_ms" => limits with { TimeoutFloor = Integer(value, at, $"model '{model}' limits.{key}") is { } ms ? TimeSpan.FromMilliseconds(ms) : null },
                _ => limits, // Entries has already reported any other key

            };
        }
        return limits;
    }

    private ModelPrice? ReadPrice(YamlNode node, string path, string model)
    {
        if (Map(node, path, $"model '{model}' price") is not { } map)
        {
            return null;
        }
        decimal? input = null, cached = null, output = null;
        foreach (var (key, value) in Entries(map, path, PriceKeys, $"in price of model '{model}'"))
        {
            var amount = Decimal(value, $"{path}.{key}", $"model '{model}' price.{key}");
            switch (key)
            {
                case "input_per_mtok": input = amount; break;
                case "cached_input_per_mtok": cached = amount; break;
                case "output_per_mtok": output = amount; break;
            }
        }
        if (input is null || output is null)
        {
            var missing = input is null ? "input_per_mtok" : "output_per_mtok";
            _errors.Add(ValidationError.At(LocateKey(path), $"missing required key '{missing}' in price of model '{model}' (US dollars per million tokens)", path: $"{path}.{missing}"));
            return null;
        }
        return new ModelPrice(input.Value, output.Value) { CachedInputPerMTok = cached };
    }

    private void ReadArms(YamlNode node, StudyBuilder builder)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, "arms", "arms must be a list, e.g. '- { name: zero-shot, model: big }'");
            return;
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"arms[{i}]";
            var item = sequence.Children[i];
            _locations[path] = (At(item.Start), At(item.Start));
            if (item is not YamlMappingNode map)
            {
                Error(item, path, $"arm #{i + 1} must be a map with at least name and model");
                continue;
            }
            // The arm's name makes every later message readable, so find it first.
            var name = map.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "name" }).Value is YamlScalarNode { Value: { Length: > 0 } n } ? n : null;
            var label = name is null ? $"arm #{i + 1}" : $"arm '{name}'";
            string armName = string.Empty, model = string.Empty;
            PromptSpec prompt = PromptSpec.Default;
            RetrievalSpec? retrieval = null;
            FineTuneSpec? fineTune = null;
            BaselineSpec? baseline = null;
            OutputConstraint? constrain = null;
            int? repeat = null, maxTokens = null;
            double? temperature = null;
            TruncatePolicy? truncate = null;
            foreach (var (key, value) in Entries(map, path, ArmKeys, $"in {label}", ArmKeyHint))
            {
                var at = $"{path}.{key}";
                switch (key)
                {
                    case "name": armName = Text(value, at, $"{label} name") ?? string.Empty; break;
                    case "model": model = Text(value, at, $"{label} model") ?? string.Empty; break;
                    case "prompt": prompt = ReadPrompt(value, at, label); break;
                    case "retrieval": retrieval = ReadRetrieval(value, at, label); break;
                    case "finetune": fineTune = ReadFineTune(value, at, label); break;
                    case "repeat": repeat = Integer(value, at, $"{label} repeat"); break;
                    case "temperature": temperature = Number(value, at, $"{label} temperature"); break;
                    case "max_tokens": maxTokens = Integer(value, at, $"{label} max_tokens"); break;
                    case "baseline": baseline = ReadBaseline(value, at, label); break;
                    case "constrain": constrain = Choice<OutputConstraint>(value, at, $"{label} constrain", Constraints); break;
                    case "truncate": truncate = Choice<TruncatePolicy>(value, at, $"{label} truncate", TruncatePolicies); break;
                }
            }
            builder.Arms.Add(new ArmSpec
            {
                Name = armName,
                Model = model,
                Prompt = prompt,
                Retrieval = retrieval,
                FineTune = fineTune,
                Baseline = baseline,
                Constrain = constrain,
                Repeat = repeat ?? 1,
                Temperature = temperature ?? ArmSpec.DefaultTemperature,
                MaxTokens = maxTokens,
                Truncate = truncate ?? TruncatePolicy.Demonstrations,
            });
        }
    }

    private BaselineSpec? ReadBaseline(YamlNode node, string path, string arm)
    {
        if (node is YamlScalarNode scalar && !YamlScalars.IsNull(scalar))
        {
            // baseline: logistic
            return Choice<BaselineKind>(scalar, path, $"{arm} baseline", BaselineKinds) is { } kind ? new BaselineSpec { Kind = kind } : null;
        }
        if (Map(node, path, $"{arm} baseline (e.g. baseline: {{ kind: logistic }})") is not { } map)
        {
            return YamlScalars.IsNull(node) ? new BaselineSpec() : null;
        }
        var spec = new BaselineSpec();
        foreach (var (key, value) in Entries(map, path, BaselineKeys, $"in baseline of {arm}"))
        {
            var at = $"{path}.{key}";
            spec = key switch
            {
                "kind" => spec with { Kind = Choice<BaselineKind>(value, at, $"{arm} baseline.kind", BaselineKinds) ?? spec.Kind },
                "k" => spec with { Neighbours = Integer(value, at, $"{arm} baseline.k") ?? spec.Neighbours },
                _ => spec,
            };
        }
        return spec;
    }

    /// <summary>A key written directly under an arm that belongs one level down.</summary>
    private static string? ArmKeyHint(string key) =>
        PromptKeys.Contains(key) ? " (it belongs under 'prompt')"
        : RetrievalKeys.Contains(key) ? " (it belongs under 'retrieval')"
        : FineTuneKeys.Contains(key) ? " (it belongs under 'finetune')"
        : null;

    private PromptSpec ReadPrompt(YamlNode node, string path, string arm)
    {
        if (node is YamlScalarNode scalar && !YamlScalars.IsNull(scalar))
        {
            // A bare string is the template: prompt: "Classify: {{text}}".
            _locations[$"{path}.template"] = (At(node.Start), At(node.Start));
            return new PromptSpec { Template = scalar.Value };
        }
        if (Map(node, path, $"{arm} prompt") is not { } map)
        {
            return PromptSpec.Default;
        }
        var prompt = new PromptSpec();
        foreach (var (key, value) in Entries(map, path, PromptKeys, $"in prompt of {arm}"))
        {
            var at = $"{path}.{key}";
            var subject = $"{arm} prompt.{key}";
            prompt = key switch
            {
                "template" => prompt with { Template = Text(value, at, subject) },
                "system" => prompt with { System = Text(value, at, subject) },
                "few_shot" => prompt with { FewShot = Integer(value, at, subject) ?? 0 },
                "select" => prompt with { Select = Choice<DemonstrationSelection>(value, at, subject, Selections) ?? prompt.Select },
                "order" => prompt with { Order = Choice<DemonstrationOrder>(value, at, subject, Orders) ?? prompt.Order },
                "chain_of_thought" => prompt with { ChainOfThought = Bool(value, at, subject) ?? false },
                "raw" => prompt with { Raw = Bool(value, at, subject) ?? false },
                "response_format" => prompt with { ResponseFormat = Choice<ResponseFormat>(value, at, subject, ResponseFormats) ?? prompt.ResponseFormat },
                "schema" => ReadSchema(prompt, value, at, subject),
                "demonstrations" => prompt with { Demonstrations = [.. TextList(value, at, subject)] },
                "optimize" => prompt with { Optimize = ReadOptimize(value, at, subject) },
                _ => prompt,
            };
        }
        return prompt;
    }

    private PromptSpec ReadSchema(PromptSpec prompt, YamlNode value, string path, string subject)
    {
        if (value is YamlMappingNode)
        {
            return prompt with { Schema = YamlToJson.Convert(value)?.ToJsonString() };
        }
        return Text(value, path, $"{subject} (a path to a .json file, or an inline schema)") is { } file
            ? prompt with { SchemaFile = TaskBuilder.Resolve(_baseDirectory, file) }
            : prompt;
    }

    private RetrievalSpec? ReadRetrieval(YamlNode node, string path, string arm)
    {
        if (YamlScalars.IsNull(node) || (node is YamlScalarNode s && YamlScalars.TryBool(s, out var on) && on))
        {
            return new RetrievalSpec();
        }
        if (Map(node, path, $"{arm} retrieval") is not { } map)
        {
            return null;
        }
        var retrieval = new RetrievalSpec();
        foreach (var (key, value) in Entries(map, path, RetrievalKeys, $"in retrieval of {arm}"))
        {
            if (key == "oracle")
            {
                retrieval = retrieval with { Oracle = Bool(value, $"{path}.{key}", $"{arm} retrieval.{key}") ?? false };
                continue;
            }
            var amount = Integer(value, $"{path}.{key}", $"{arm} retrieval.{key}");
            retrieval = key switch
            {
                "top_k" => retrieval with { TopK = amount ?? retrieval.TopK },
                "chunk_size" => retrieval with { ChunkSize = amount ?? retrieval.ChunkSize },
                "chunk_overlap" => retrieval with { ChunkOverlap = amount ?? retrieval.ChunkOverlap },
                _ => retrieval,
            };
        }
        return retrieval;
    }

    private OptimizeSpec? ReadOptimize(YamlNode node, string path, string subject)
    {
        if (node is YamlScalarNode scalar && YamlScalars.TryBool(scalar, out var on))
            return on ? new OptimizeSpec() : null;
        if (Map(node, path, subject) is not { } map)
            return null;
        var spec = new OptimizeSpec();
        foreach (var (key, value) in Entries(map, path, OptimizeKeys, $"in {subject}"))
        {
            if (key is "max_usd")
            {
                spec = spec with { MaxUsd = Number(value, $"{path}.{key}", $"{subject}.{key}") is { } usd ? (decimal)usd : null };
                continue;
            }
            if (key is "instructions")
            {
                spec = spec with { Instructions = [.. TextList(value, $"{path}.{key}", $"{subject}.{key}")] };
                continue;
            }
            if (key is "bootstrap")
            {
                spec = spec with { Bootstrap = Bool(value, $"{path}.{key}", $"{subject}.{key}") ?? false };
                continue;
            }
            var amount = Integer(value, $"{path}.{key}", $"{subject}.{key}");
            spec = key switch
            {
                "candidates" => spec with { Candidates = amount ?? spec.Candidates },
                "first_rung_examples" => spec with { FirstRungExamples = amount ?? spec.FirstRungExamples },
                "max_calls" => spec with { MaxCalls = amount },
                _ => spec,
            };
        }
        return spec;
    }

    private FineTuneSpec? ReadFineTune(YamlNode node, string path, string arm)
    {
        if (YamlScalars.IsNull(node))
        {
            return new FineTuneSpec();
        }
        if (node is YamlScalarNode scalar && Choice<FineTuneMethod>(scalar, path, $"{arm} finetune", MethodNames) is { } shortMethod)
        {
            // finetune: lora
            return new FineTuneSpec { Method = shortMethod };
        }
        if (node is YamlScalarNode || Map(node, path, $"{arm} finetune") is not { } map)
        {
            return null;
        }
        var tune = new FineTuneSpec();
        double? alpha = null;
        string? backend = null, trainer = null, command = null, output = null;
        decimal? pricePerHour = null;
        string? gpu = null;
        int? gpus = null;
        CommandTrainerEndpoint? endpoint = null;
        var commandKeys = new List<(string Key, YamlNode Value)>();
        foreach (var (key, value) in Entries(map, path, FineTuneKeys, $"in finetune of {arm}"))
        {
            var at = $"{path}.{key}";
            var subject = $"{arm} finetune.{key}";
            switch (key)
            {
                case "method": tune = tune with { Method = Choice<FineTuneMethod>(value, at, subject, MethodNames) ?? tune.Method }; break;
                case "rank": tune = tune with { Rank = Integer(value, at, subject) ?? tune.Rank }; break;
                case "alpha": alpha = Number(value, at, subject); break;
                case "dropout": tune = tune with { Dropout = Number(value, at, subject) ?? tune.Dropout }; break;
                case "targets": tune = tune with { Targets = [.. TextList(value, at, subject)] }; break;
                case "epochs": tune = tune with { Epochs = Integer(value, at, subject) ?? tune.Epochs }; break;
                case "learning_rate": tune = tune with { LearningRate = Number(value, at, subject) }; break;
                case "train": tune = tune with { Train = TaskBuilder.Resolve(_baseDirectory, Text(value, at, subject)) }; break;
                case "forgetting_suite": tune = tune with { ForgettingSuite = TaskBuilder.Resolve(_baseDirectory, Text(value, at, subject)) }; break;
                case "clean": tune = tune with { Clean = Bool(value, at, subject) ?? tune.Clean }; break;
                case "teacher": tune = tune with { Teacher = Text(value, at, subject) }; break;
                case "replay": tune = tune with { Replay = Number(value, at, subject) ?? tune.Replay }; break;
                case "learning_curve": tune = tune with { LearningCurve = LearningCurve(value, at, subject) }; break;
                case "max_steps": tune = tune with { MaxSteps = Integer(value, at, subject) }; break;
                case "max_minutes": tune = tune with { MaxMinutes = Number(value, at, subject) }; break;
                case "forecast_above": tune = tune with { ForecastAbove = Integer(value, at, subject) ?? tune.ForecastAbove }; break;
                case "backend": backend = OneOf(value, at, subject, Backends); break;
                case "trainer": trainer = OneOf(value, at, subject, Trainers); break;
                case "command": command = Text(value, at, subject); break;
                case "output": output = Text(value, at, subject); break;
                case "price_per_hour": pricePerHour = Decimal(value, at, subject); break;
                case "gpu": gpu = Text(value, at, subject); break;
                case "gpus": gpus = Integer(value, at, subject); break;
                case "endpoint": endpoint = ReadEndpoint(value, at, subject); break;
            }
            if (CommandTrainerKeys.Contains(key))
                commandKeys.Add((key, value));
        }
        tune = tune with { Alpha = alpha ?? FineTuneDefaults.AlphaFor(tune.Rank) };
        if (backend is null)
        {
            // An external trainer's keys without backend: command would be silently ignored: refuse them.
            foreach (var (key, value) in commandKeys)
                Error(value, $"{path}.{key}", $"{arm} finetune.{key} applies to an external trainer only: add backend: command");
            return tune;
        }
        if (trainer is null || string.IsNullOrWhiteSpace(command))
        {
            Error(node, path, $"{arm} finetune with backend: command needs trainer ({string.Join(", ", Trainers)}) and command (the shell command that trains)");
            return tune;
        }
        return tune with
        {
            Command = new CommandTrainerSpec
            {
                Trainer = trainer,
                Command = command,
                Output = string.IsNullOrWhiteSpace(output) ? CommandTrainerSpec.DefaultOutput : output,
                PricePerHour = pricePerHour,
                Gpu = gpu,
                GpuCount = gpus,
                Endpoint = endpoint,
            },
        };
    }

    /// <summary>A text that must be one of <paramref name="allowed"/>; anything else is reported, never reinterpreted.</summary>
    private string? OneOf(YamlNode node, string path, string subject, string[] allowed)
    {
        if (Text(node, path, subject) is not { } text)
            return null;
        if (allowed.Contains(text, StringComparer.Ordinal))
            return text;
        Error(node, path, $"{subject} must be {string.Join(" or ", allowed)}, not '{text}'{DidYouMean.Hint(text, allowed)}");
        return null;
    }

    private CommandTrainerEndpoint? ReadEndpoint(YamlNode node, string path, string subject)
    {
        if (Map(node, path, $"{subject} (e.g. endpoint: {{ base_url: http://127.0.0.1:8000/v1, model: my-adapter }})") is not { } map)
            return null;
        string? baseUrl = null, model = null, keyVariable = null;
        foreach (var (key, value) in Entries(map, path, EndpointKeys, $"in {subject}"))
        {
            var at = $"{path}.{key}";
            switch (key)
            {
                case "base_url": baseUrl = Text(value, at, $"{subject}.base_url"); break;
                case "model": model = Text(value, at, $"{subject}.model"); break;
                case "api_key_env": keyVariable = Text(value, at, $"{subject}.api_key_env"); break;
            }
        }
        if (string.IsNullOrWhiteSpace(baseUrl) || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Error(node, path, $"{subject} needs base_url, an http(s) URL of an OpenAI-compatible server (got '{baseUrl}')");
            return null;
        }
        if (string.IsNullOrWhiteSpace(model))
        {
            Error(node, path, $"{subject} needs model: the name the server serves the tuned model under");
            return null;
        }
        return new CommandTrainerEndpoint(baseUrl, model, keyVariable);
    }

    private ImmutableArray<double> LearningCurve(YamlNode node, string path, string subject)
    {
        if (node is YamlScalarNode scalar && YamlScalars.TryBool(scalar, out var on))
        {
            return on ? FineTuneSpec.DefaultLearningCurve : [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, path, $"{subject} must be true, false, or a list of fractions like [0.25, 0.5, 1] or of training-set sizes like [50, 200, 1000]");
            return [];
        }
        var points = new List<double>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            _locations[$"{path}[{i}]"] = (At(sequence.Children[i].Start), At(sequence.Children[i].Start));
            if (Number(sequence.Children[i], $"{path}[{i}]", subject) is { } point)
            {
                points.Add(point);
            }
        }
        return [.. points];
    }

    private void ReadMetrics(YamlNode node, StudyBuilder builder)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, "metrics", $"metrics must be a list, e.g. [accuracy, macro_f1]");
            return;
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var path = $"metrics[{i}]";
            _locations[path] = (At(item.Start), At(item.Start));
            if (item is YamlScalarNode scalar && !YamlScalars.IsNull(scalar))
            {
                builder.Metrics.Add(new MetricSpec(scalar.Value ?? string.Empty));
                continue;
            }
            if (item is not YamlMappingNode map)
            {
                Error(item, path, "a metric must be a name like 'accuracy' or a map like { name: regex, pattern: \"...\" }");
                continue;
            }
            string? name = null;
            var options = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in Entries(map, path, known: null, "in metric"))
            {
                var text = Text(value, $"{path}.{key}", $"metric option '{key}'");
                if (key == "name")
                {
                    name = text;
                }
                else if (text is not null)
                {
                    // A schema file, like every path in a study, is relative to the study's folder.
                    options[key] = key == "schema" ? TaskBuilder.Resolve(_baseDirectory, text)! : text;
                }
            }
            if (name is null)
            {
                Error(item, path, "missing required key 'name' in metric (e.g. { name: regex, pattern: \"...\" })");
                continue;
            }
            builder.Metrics.Add(new MetricSpec(name, options.ToImmutable()));
        }
    }

    private StudyOptions Options(YamlNode node, string path)
    {
        // The stage that owns an open section reports its own errors; record where each of its keys
        // and items sits so those errors can name the line and column.
        RecordLocations(node, path);
        return YamlToJson.Convert(node) is { } json ? StudyOptions.FromJson(json.ToJsonString()) : StudyOptions.None;
    }

    private void RecordLocations(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        var childPath = $"{path}.{name}";
                        _locations[childPath] = (At(key.Start), At(value.Start));
                        RecordLocations(value, childPath);
                    }
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    var itemPath = $"{path}[{i}]";
                    _locations[itemPath] = (At(item.Start), At(item.Start));
                    RecordLocations(item, itemPath);
                }
                break;
        }
    }

    // ---- Shape helpers: each reports its own error and returns null, so reading carries on.

    /// <summary>
    /// The entries of a map, with unknown keys reported (and skipped) and every location recorded.
    /// <paramref name="known"/> null accepts any key (maps keyed by user names).
    /// </summary>
    private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, string path, string[]? known, string where, Func<string, string?>? hint = null)
    {
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, path, $"keys must be plain names {where}".TrimEnd());
                continue;
            }
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (known is not null && !known.Contains(key, StringComparer.Ordinal))
            {
                var suggestion = hint?.Invoke(key) ?? DidYouMean.Hint(key, known);
                var place = where.Length == 0 ? string.Empty : $" {where}";
                var secret = key is "api_key" or "apikey" or "key"
                    ? "; a study never holds a key: set an environment variable and name it with api_key_env"
                    : string.Empty;
                _errors.Add(ValidationError.At(At(keyNode.Start), $"unknown key '{key}'{place}{suggestion}{secret}", path: childPath));
                continue;
            }
            _locations[childPath] = (At(keyNode.Start), At(value.Start));
            yield return (key, value);
        }
    }

    private YamlMappingNode? Map(YamlNode node, string path, string subject)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }
        if (!YamlScalars.IsNull(node))
        {
            Error(node, path, $"{subject} must be a map of keys");
        }
        return null;
    }

    private string? Text(YamlNode node, string path, string subject)
    {
        if (YamlScalars.IsNull(node))
        {
            return null;
        }
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }
        Error(node, path, $"{subject} must be a single value, not a {(node is YamlSequenceNode ? "list" : "map")}");
        return null;
    }

    private List<string> TextList(YamlNode node, string path, string subject)
    {
        if (node is YamlSequenceNode sequence)
        {
            var items = new List<string>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                _locations[$"{path}[{i}]"] = (At(sequence.Children[i].Start), At(sequence.Children[i].Start));
                if (Text(sequence.Children[i], $"{path}[{i}]", subject) is { } text)
                {
                    items.Add(text);
                }
            }
            return items;
        }
        return Text(node, path, subject) is { } single ? [single] : [];
    }

    private int? Integer(YamlNode node, string path, string subject)
    {
        if (YamlScalars.IsNull(node))
        {
            return null;
        }
        if (node is YamlScalarNode scalar && YamlScalars.TryInteger(scalar, out var value) && value is >= int.MinValue and <= int.MaxValue)
        {
            return (int)value;
        }
        Error(node, path, $"{subject} must be a whole number (got {Describe(node)})");
        return null;
    }

    private long? Long(YamlNode node, string path, string subject)
    {
        if (YamlScalars.IsNull(node))
        {
            return null;
        }
        if (node is YamlScalarNode scalar && YamlScalars.TryInteger(scalar, out var value))
        {
            return value;
        }
        Error(node, path, $"{subject} must be a whole number (got {Describe(node)})");
        return null;
    }

    private double? Number(YamlNode node, string path, string subject)
    {
        if (YamlScalars.IsNull(node))
        {
            return null;
        }
        if (node is YamlScalarNode scalar && YamlScalars.TryNumber(scalar, out var value))
        {
            return value;
        }
        Error(node, path, $"{subject} must be a number (got {Describe(node)})");
        return null;
    }

    private decimal? Decimal(YamlNode node, string path, string subject)
    {
        if (YamlScalars.IsNull(node))
        {
            return null;
        }
        if (node is YamlScalarNode scalar && YamlScalars.TryDecimal(scalar, out var value))
        {
            return value;
        }
        Error(node, path, $"{subject} must be a number (got {Describe(node)})");
        return null;
    }

    private bool? Bool(YamlNode node, string path, string subject)
    {
        if (YamlScalars.IsNull(node))
        {
            return null;
        }
        if (node is YamlScalarNode scalar && YamlScalars.TryBool(scalar, out var value))
        {
            return value;
        }
        Error(node, path, $"{subject} must be true or false (got {Describe(node)})");
        return null;
    }

    private T? Choice<T>(YamlNode node, string path, string subject, string[] names) where T : struct, Enum
    {
        if (Text(node, path, subject) is not { } text)
        {
            return null;
        }
        var index = Array.IndexOf(names, text);
        if (index >= 0)
        {
            return Enum.GetValues<T>()[index];
        }
        Error(node, path, $"{subject} must be one of {string.Join(" | ", names)} (got '{text}'){DidYouMean.Hint(text, names)}");
        return null;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: var v } s when !YamlScalars.IsPlain(s) => $"the text \"{v}\"",
        YamlScalarNode { Value: var v } => $"'{v}'",
        YamlSequenceNode => "a list",
        _ => "a map",
    };

    private void Error(YamlNode node, string path, string message) =>
        _errors.Add(ValidationError.At(At(node.Start), message, path: path));

    private StudyLocation LocateKey(string path) =>
        _locations.TryGetValue(path, out var found) ? found.Key : new StudyLocation(_file, 1, 1);

    private StudyLocation At(Mark mark) => new(_file, Line(mark), Column(mark));

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlPositionPrefix();
}
