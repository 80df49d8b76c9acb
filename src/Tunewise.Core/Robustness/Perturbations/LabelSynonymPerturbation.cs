namespace Tunewise.Robustness.Perturbations;

/// <summary>
/// Names the fields with synonyms: the input as Input, Text or Query, the answer as Answer, Output or
/// Label. With several input fields only the answer label changes, since their names tell them apart.
/// </summary>
public sealed class LabelSynonymPerturbation : IPromptPerturbation
{
    private static readonly (string Input, string Answer)[] Settings = [("Text", "Output"), ("Query", "Label")];

    public string Name => "synonyms";

    public string Description => "field label synonyms (Input / Text / Query, Answer / Output / Label)";

    public int CountSettings(PromptVariantInput baseline) => Settings.Length;

    public string Describe(int setting) => $"{Settings[setting].Input} / {Settings[setting].Answer}";

    public PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting)
    {
        var (inputLabel, answerLabel) = Settings[setting.Index];
        var labels = input.InputFields.Length == 1 ? input.Format.Labels.SetItem(input.InputFields[0], inputLabel) : input.Format.Labels;
        return input with { Format = input.Format with { Labels = labels, AnswerLabel = answerLabel } };
    }
}
