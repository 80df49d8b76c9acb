namespace Tunewise.Studies;

/// <summary>How a fine-tuning arm adapts its model.</summary>
public enum FineTuneMethod
{
    Full,
    Lora,
    Qlora,
}

/// <summary>The fine-tuning methods' names, as a study file's <c>finetune.method</c> and the CLI's <c>--method</c> write them.</summary>
public static class FineTuneMethods
{
    /// <summary>Every name, in the order of <see cref="FineTuneMethod"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["full", "lora", "qlora"];

    /// <summary>"full, lora or qlora": the names for an error message.</summary>
    public static string Expected { get; } = string.Join(", ", Names.Take(Names.Count - 1)) + " or " + Names[^1];

    public static string NameOf(FineTuneMethod method) => method switch
    {
        FineTuneMethod.Full => "full",
        FineTuneMethod.Lora => "lora",
        FineTuneMethod.Qlora => "qlora",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>The method a name means, in any letter case; false for any other text.</summary>
    public static bool TryParse(string? text, out FineTuneMethod method)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(text, Names[i], StringComparison.OrdinalIgnoreCase))
            {
                method = Enum.GetValues<FineTuneMethod>()[i];
                return true;
            }
        }
        method = default;
        return false;
    }

    /// <summary>The method a command-line option names; an unknown name is refused with the names it could be.</summary>
    public static FineTuneMethod Parse(string text, string option) => TryParse(text, out var method)
        ? method
        : throw new UserInputException($"{option} '{text}' is not known. Expected {Expected}.");
}
