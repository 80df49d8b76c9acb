using Tunewise.Decision;
using Tunewise.Reports;
using Tunewise.Results;

namespace Tunewise.Core.Tests.Reports;

/// <summary>Hand-made reports and result lines for rendering tests that need no run.</summary>
internal static class ReportSamples
{
    public const string ScriptPayload = "<script>alert(1)</script>";
    public const string ClosingScriptPayload = "</script><img src=x onerror=alert(1)>";

    public static StudyReport Report(string study = "sample", params ArmSummary[] arms) => new(Summary(study, arms), DecisionOutcome.NotComputed);

    public static StudySummary Summary(string study = "sample", params ArmSummary[] arms) => new()
    {
        Study = study,
        StudyHash = "study-hash",
        RunId = "run-1",
        TestHash = "test-hash",
        TestExamples = 2,
        Arms = arms.Length > 0 ? arms : [Arm("zero-shot", 0.5)],
        Completed = true,
    };

    public static ArmSummary Arm(string name, double accuracy) => new()
    {
        Name = name,
        Model = "openai:gpt-4o-mini",
        Kind = "prompting",
        Status = "completed",
        Examples = 2,
        Metrics = new Dictionary<string, MetricEstimate> { ["accuracy"] = new(accuracy, Math.Max(0, accuracy - 0.2), Math.Min(1, accuracy + 0.2), 2) },
    };

    public static ResultLine Line(string arm, string id, string? output, string? expected, double? score, string? error = null, string? prompt = null) => new()
    {
        Id = id,
        Arm = arm,
        Output = output,
        Answer = output,
        Expected = expected,
        Score = new Dictionary<string, double?> { ["accuracy"] = score },
        Error = error,
        Prompt = prompt,
    };
}
