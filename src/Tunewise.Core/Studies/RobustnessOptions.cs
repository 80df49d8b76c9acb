using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Tunewise.Statistics;
using Tunewise.Studies.Validation;

namespace Tunewise.Studies;

/// <summary>
/// What a robustness check runs and what it may spend, read from a study's <c>robustness:</c> section.
/// <see cref="Variants"/> perturbed variants are run besides the unperturbed baseline; with
/// <see cref="MaxCalls"/> set, (variants + 1) × examples never exceeds it. It is part of the study file's language, so
/// it is read and checked with the rest of the study; the robustness stage runs what it says.
/// </summary>
public sealed record RobustnessOptions
{
    /// <summary>Every perturbation name, in the order variants are spread across them. Declared before <see cref="Default"/>, which reads it.</summary>
    public static ImmutableArray<string> PerturbationNames { get; } =
        ["separator", "case", "synonyms", "whitespace", "order", "paraphrase", "typos", "distractor"];

    public static RobustnessOptions Default { get; } = new();

    /// <summary>Fraction of the input's letters the <c>typos</c> perturbation edits, unless the study says otherwise.</summary>
    public const double DefaultTypoRate = 0.05;

    /// <summary>The keys the <c>robustness:</c> section accepts.</summary>
    public static ImmutableArray<string> Keys { get; } =
        ["perturbations", "variants", "max_calls", "seed", "typo_rate", "instructions", "distractors", "min_examples", "resamples"];

    /// <summary>Perturbation names (of <see cref="PerturbationNames"/>); variants are spread across them in this order.</summary>
    public ImmutableArray<string> Perturbations { get; init; } = PerturbationNames;

    /// <summary>Perturbed variants to run, besides the baseline.</summary>
    public int Variants { get; init; } = 8;

    /// <summary>The most model calls the check may make; null for no limit.</summary>
    public int? MaxCalls { get; init; }

    public ulong Seed { get; init; } = 13;

    /// <summary>Fraction of the input's letters the <c>typos</c> perturbation edits.</summary>
    public double TypoRate { get; init; } = DefaultTypoRate;

    /// <summary>The study's own rephrasings of the instruction, tried after the built-in ones.</summary>
    public ImmutableArray<string> Instructions { get; init; } = [];

    /// <summary>The study's own distractor sentences, tried after the built-in ones.</summary>
    public ImmutableArray<string> Distractors { get; init; } = [];

    /// <summary>Fewest examples per variant before the planner drops variants rather than examples.</summary>
    public int MinExamples { get; init; } = 30;

    /// <summary>Bootstrap resamples for every interval in the report.</summary>
    public int Resamples { get; init; } = 2000;

    public BootstrapOptions Bootstrap => new() { Resamples = Resamples, Seed = Seed };

    /// <summary>The study's options; a located <see cref="StudyValidationException"/> lists every problem.</summary>
    public static RobustnessOptions FromStudy(Study study)
    {
        var errors = new List<ValidationError>();
        var options = Read(study, errors);
        if (errors.Count > 0)
            throw new StudyValidationException(errors);
        return options;
    }

    /// <summary>Reads the study's options, adding a located error for every problem and keeping defaults for those keys.</summary>
    public static RobustnessOptions Read(Study study, ICollection<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(errors);
        var options = Default;
        if (study.Robustness.Value is not { } section || section.ValueKind == JsonValueKind.Null)
            return options;
        if (section.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(study, "robustness", $"robustness must be a map of options ({string.Join(", ", Keys)})"));
            return options;
        }

        foreach (var property in section.EnumerateObject())
        {
            var path = $"robustness.{property.Name}";
            var value = property.Value;
            switch (property.Name)
            {
                case "perturbations":
                    options = options with { Perturbations = ReadPerturbations(study, value, path, errors) ?? options.Perturbations };
                    break;
                case "variants":
                    if (Integer(study, value, path, min: 1, errors) is { } variants)
                        options = options with { Variants = variants };
                    break;
                case "max_calls":
                    if (value.ValueKind != JsonValueKind.Null && Integer(study, value, path, min: 2, errors) is { } calls)
                        options = options with { MaxCalls = calls };
                    break;
                case "seed":
                    if (Integer(study, value, path, min: 0, errors) is { } seed)
                        options = options with { Seed = (ulong)seed };
                    break;
                case "typo_rate":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDouble() is > 0 and <= 0.5)
                        options = options with { TypoRate = value.GetDouble() };
                    else
                        errors.Add(Error(study, path, $"{path} must be a fraction of letters in (0, 0.5], such as 0.05 (got {value.GetRawText()})"));
                    break;
                case "instructions":
                    options = options with { Instructions = Texts(study, value, path, errors) };
                    break;
                case "distractors":
                    options = options with { Distractors = Texts(study, value, path, errors) };
                    break;
                case "min_examples":
                    if (Integer(study, value, path, min: 1, errors) is { } minimum)
                        options = options with { MinExamples = minimum };
                    break;
                case "resamples":
                    if (Integer(study, value, path, min: 100, errors) is { } resamples)
                        options = options with { Resamples = resamples };
                    break;
                default:
                    errors.Add(ValidationError.At(study.Source.LocateKey(path),
                        $"unknown key '{property.Name}' in robustness{DidYouMean.Hint(property.Name, Keys)}; expected one of: {string.Join(", ", Keys)}", path: path));
                    break;
            }
        }
        return options;
    }

    private static ImmutableArray<string>? ReadPerturbations(Study study, JsonElement value, string path, ICollection<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() == "all")
            return PerturbationNames;
        // A single name is a list of one.
        var items = value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Select((item, i) => (Item: item, Path: $"{path}[{i}]")).ToList(),
            JsonValueKind.String => [(value, path)],
            _ => null,
        };
        if (items is null)
        {
            errors.Add(Error(study, path, $"{path} must be a list of perturbation names, or 'all' (known: {string.Join(", ", PerturbationNames)})"));
            return null;
        }
        var names = new List<string>();
        var ok = true;
        foreach (var (item, itemPath) in items)
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            if (!PerturbationNames.Contains(name))
            {
                errors.Add(Error(study, itemPath,
                    $"unknown perturbation '{name}'{DidYouMean.Hint(name, PerturbationNames)}; expected one of: {string.Join(", ", PerturbationNames)}"));
                ok = false;
            }
            else if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
        if (ok && names.Count == 0)
        {
            errors.Add(Error(study, path, $"{path} is empty; name at least one perturbation (known: {string.Join(", ", PerturbationNames)})"));
            return null;
        }
        return ok ? [.. names] : null;
    }

    private static int? Integer(Study study, JsonElement value, string path, int min, ICollection<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min)
            return number;
        errors.Add(Error(study, path, $"{path} must be a whole number of at least {min.ToString(CultureInfo.InvariantCulture)} (got {value.GetRawText()})"));
        return null;
    }

    private static ImmutableArray<string> Texts(Study study, JsonElement value, string path, ICollection<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String && i.GetString()!.Trim().Length > 0))
            return [.. value.EnumerateArray().Select(i => i.GetString()!.Trim())];
        errors.Add(Error(study, path, $"{path} must be a list of non-empty sentences"));
        return [];
    }

    private static ValidationError Error(Study study, string path, string message) =>
        ValidationError.At(study.Source.Locate(path), message, path: path);
}
