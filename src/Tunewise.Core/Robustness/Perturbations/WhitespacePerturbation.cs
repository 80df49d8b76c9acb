namespace Tunewise.Robustness.Perturbations;

/// <summary>Changes whitespace only: extra blank lines between parts, trailing spaces, tabs instead of spaces.</summary>
public sealed class WhitespacePerturbation : IPromptPerturbation
{
    private static readonly string[] Labels = ["extra blank lines", "trailing spaces", "tabs"];

    public string Name => "whitespace";

    public string Description => "whitespace (extra blank lines, trailing spaces, tabs instead of spaces)";

    public int CountSettings(PromptVariantInput baseline) => Labels.Length;

    public string Describe(int setting) => Labels[setting];

    public PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting) => setting.Index switch
    {
        0 => input with { Format = input.Format with { ExtraBlankLines = input.Format.ExtraBlankLines + 2 } },
        1 => input with { Format = input.Format with { TrailingSpaces = true } },
        _ => input with { Format = input.Format with { Tabs = true } },
    };
}
