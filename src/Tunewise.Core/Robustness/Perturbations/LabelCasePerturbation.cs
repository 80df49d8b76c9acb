namespace Tunewise.Robustness.Perturbations;

/// <summary>Writes field labels in lower or upper case instead of title case.</summary>
public sealed class LabelCasePerturbation : IPromptPerturbation
{
    private static readonly LabelCase[] Settings = [LabelCase.Lower, LabelCase.Upper];

    public string Name => "case";

    public string Description => "casing of field labels (Title / lower / UPPER)";

    public int CountSettings(PromptVariantInput baseline) => Settings.Length;

    public string Describe(int setting) => Settings[setting] == LabelCase.Lower ? "lower" : "UPPER";

    public PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting) =>
        input with { Format = input.Format with { LabelCase = Settings[setting.Index] } };
}
