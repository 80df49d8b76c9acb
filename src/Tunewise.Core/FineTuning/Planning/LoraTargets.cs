namespace Tunewise.FineTuning.Planning;

/// <summary>Parses and names LoRA target sets: "q,v", "q_proj,v_proj", "all".</summary>
public static class LoraTargets
{
    private static readonly (LoraTarget Target, string Short, string Module)[] Names =
    [
        (LoraTarget.Q, "q", "q_proj"),
        (LoraTarget.K, "k", "k_proj"),
        (LoraTarget.V, "v", "v_proj"),
        (LoraTarget.O, "o", "o_proj"),
        (LoraTarget.Gate, "gate", "gate_proj"),
        (LoraTarget.Up, "up", "up_proj"),
        (LoraTarget.Down, "down", "down_proj"),
    ];

    /// <summary>Parses a comma list; "all" or "all-linear" means every projection.</summary>
    public static LoraTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = LoraTarget.None;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var part = raw.ToLowerInvariant();
            if (part is "all" or "all-linear" or "all_linear")
            {
                result |= LoraTarget.AllLinear;
                continue;
            }

            var match = Names.FirstOrDefault(n => n.Short == part || n.Module == part);
            if (match.Target == LoraTarget.None)
            {
                throw new UserInputException(
                    $"Unknown LoRA target '{raw}'. Expected a comma list of q, k, v, o, gate, up, down (or q_proj, …), or 'all'.");
            }

            result |= match.Target;
        }

        if (result == LoraTarget.None)
        {
            throw new UserInputException("No LoRA targets given. Expected e.g. 'q,v' or 'all'.");
        }

        return result;
    }

    /// <summary>Hugging Face module names, in layer order: q_proj, k_proj, ….</summary>
    public static IReadOnlyList<string> ModuleNames(LoraTarget targets) =>
        Names.Where(n => targets.HasFlag(n.Target)).Select(n => n.Module).ToList();

    /// <summary>The short form used on the command line: "q,v".</summary>
    public static string Format(LoraTarget targets) =>
        targets == LoraTarget.AllLinear ? "all" : string.Join(',', Names.Where(n => targets.HasFlag(n.Target)).Select(n => n.Short));

    /// <summary>The single projections in a target set.</summary>
    public static IEnumerable<LoraTarget> Each(LoraTarget targets) =>
        Names.Select(n => n.Target).Where(t => targets.HasFlag(t));
}
