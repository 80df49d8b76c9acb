namespace Tunewise.Studies.Validation;

/// <summary>The validators every study goes through.</summary>
public static class StudyValidators
{
    public static IStudyValidator Default { get; } = new CompositeStudyValidator(
        new RequiredFieldsValidator(),
        new TaskDataValidator(),
        new RangeValidator(),
        new MetricValidator(),
        new ModelValidator(),
        new ArmValidator(),
        new BaselineValidator(),
        new CommandTrainerValidator(),
        new RawPromptValidator(),
        new DataFieldValidator(),
        new RobustnessValidator());
}
