namespace Tunewise.Robustness.Perturbations;

/// <summary>Changes the separator between a field label and its value, and between demonstrations (Sclar et al., 2023).</summary>
public sealed class SeparatorPerturbation : IPromptPerturbation
{
    private static readonly (string Field, string Demonstrations, string Label)[] Settings =
    [
        (" - ", "\n---\n", "' - '"),
        ("\n", "\n\n\n", "line break"),
    ];

    public string Name => "separator";

    public string Description => "separator between field label and value (': ' / ' - ' / line break) and between demonstrations";

    public int CountSettings(PromptVariantInput baseline) => Settings.Length;

    public string Describe(int setting) => Settings[setting].Label;

    public PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting)
    {
        var (field, demonstrations, _) = Settings[setting.Index];
        return input with { Format = input.Format with { FieldSeparator = field, DemonstrationSeparator = demonstrations } };
    }
}
