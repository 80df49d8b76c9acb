using Tunewise.FineTuning.Planning;
using Tunewise.Studies.Validation;

namespace Tunewise.Cli.Commands.Studies;

/// <summary>What the CLI knows beyond a study when it checks one: the planner's GPU catalog, for <c>finetune.gpu</c>.</summary>
internal static class StudyChecks
{
    private static readonly string[] GpuNames = [.. GpuCatalog.Default.Gpus.Select(g => g.Name)];

    public static StudyValidationContext Context(IReadOnlySet<string>? dataFields = null) => new(dataFields) { GpuNames = GpuNames };
}
