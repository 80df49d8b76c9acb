using ArchUnitNET.Fluent;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Tunewise.Architecture.Tests;

/// <summary>The dependency rules of docs' "Dependencies flow one way", checked on the compiled assemblies.</summary>
public class DependencyRulesTests
{
    private const string PipelineRefactor =
        "the study pipeline's report and decision types are being moved out of Evaluation.Running; un-skip once they are";

    private static readonly ArchUnitNET.Domain.Architecture Model = ProductArchitecture.Model;
    private static readonly DependencyGraph Graph = DependencyGraph.Core;

    [Fact]
    public void The_core_never_references_TorchSharp_or_LLamaSharp()
    {
        var references = ProductArchitecture.Core.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, name => name.StartsWith("TorchSharp", StringComparison.Ordinal) || name.StartsWith("LLamaSharp", StringComparison.Ordinal));

        IArchRule rule = Types().That().ResideInAssembly(ProductArchitecture.Core)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(typeof(TorchSharp.torch).Assembly)
                .Or().ResideInAssembly(typeof(LLama.LLamaWeights).Assembly))
            .Because("Lab and LlamaCpp provide engines to the core through interfaces registered at start-up");
        rule.Check(Model);
    }

    [Fact]
    public void Nothing_below_the_CLI_writes_to_the_console()
    {
        IArchRule rule = Types().That().ResideInAssembly(ProductArchitecture.Core)
            .Or().ResideInAssembly(ProductArchitecture.Lab)
            .Or().ResideInAssembly(ProductArchitecture.LlamaCpp)
            .Should().NotDependOnAny(Types().That().HaveFullName("System.Console"))
            .Because("engines report progress through IProgressReporter; only the CLI owns the terminal");
        rule.Check(Model);
    }

    [Fact]
    public void Decision_and_reports_never_call_a_model_directly()
    {
        IArchRule rule = Types().That().ResideInNamespaceOrBelow("Tunewise.Decision")
            .Or().ResideInNamespaceOrBelow("Tunewise.Reports")
            .Should().NotDependOnAny(Types().That().HaveFullName("Microsoft.Extensions.AI.IChatClient"))
            .Because("the decision and the reports work from recorded measurements");
        rule.Check(Model);
    }

    [Fact]
    public void Decision_and_reports_never_reach_a_model_through_what_they_use()
    {
        var paths = Graph.Paths(
            t => Within(t, "Tunewise.Decision") || Within(t, "Tunewise.Reports"),
            t => t == "Microsoft.Extensions.AI.IChatClient",
            IsSerialization);
        Assert.True(paths.Count == 0, "Decision or Reports reach IChatClient:\n" + string.Join("\n", paths));
    }

    [Fact]
    public void Studies_and_data_never_depend_on_evaluation_robustness_or_decision()
    {
        IArchRule rule = Types().That().ResideInNamespaceOrBelow("Tunewise.Studies")
            .Or().ResideInNamespaceOrBelow("Tunewise.Data")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Tunewise.Evaluation")
                .Or().ResideInNamespaceOrBelow("Tunewise.Robustness")
                .Or().ResideInNamespaceOrBelow("Tunewise.Decision"))
            .Because("data knows nothing of how it is scored");
        rule.Check(Model);
    }

    [Fact]
    public void Studies_and_data_never_reach_evaluation_robustness_or_decision()
    {
        var paths = Graph.Paths(
            t => Within(t, "Tunewise.Studies") || Within(t, "Tunewise.Data"),
            t => Within(t, "Tunewise.Evaluation") || Within(t, "Tunewise.Robustness") || Within(t, "Tunewise.Decision"),
            IsSerialization);
        Assert.True(paths.Count == 0, "Studies or Data reach a later stage:\n" + string.Join("\n", paths));
    }

    [Fact(Skip = "back edges in the study pipeline (Evaluation.Running and Evaluation.Errors → Decision, Reports): " +
                 "ErrorClassifier, ArmReport and EvaluationRunner → Decision.ErrorClassCounts; DecisionReport → Decision.DecisionResult, DecisionJson; " +
                 "StudyDecision → Decision.DecisionEngine, ArmMeasurement, ArmTechnique, DecisionThresholds, StudyMeasurements; " +
                 "ReportWriter → Decision.DecisionResult, Recommendation, Conclusion and the rest of the decision, and Reports.HtmlReport, " +
                 "JUnitReport, MetricGate, ResultLine; " + PipelineRefactor)]
    public void Dependencies_flow_one_way()
    {
        var edges = BackEdges().ToList();
        Assert.True(edges.Count == 0, "Dependencies against the flow:\n" + string.Join("\n", edges));
    }

    /// <summary>
    /// The same rule over everything but the pipeline types named in <see cref="Dependencies_flow_one_way"/>'s skip
    /// reason, so a new back edge anywhere else fails now. Delete it when that test is un-skipped.
    /// </summary>
    [Fact]
    public void Dependencies_flow_one_way_outside_the_pipeline_types_being_refactored()
    {
        string[] beingRefactored =
        [
            "Tunewise.Evaluation.Errors.ErrorClassifier",
            "Tunewise.Evaluation.Running.StudyDecision",
            "Tunewise.Evaluation.Running.ArmReport",
            "Tunewise.Evaluation.Running.DecisionReport",
            "Tunewise.Evaluation.Running.ReportWriter",
            "Tunewise.Evaluation.Running.EvaluationRunner",
        ];
        var edges = BackEdges().Where(e => !beingRefactored.Any(t => e.StartsWith(t + " ", StringComparison.Ordinal))).ToList();
        Assert.True(edges.Count == 0, "Dependencies against the flow:\n" + string.Join("\n", edges));
    }

    [Fact]
    public void Every_core_namespace_has_a_stage()
    {
        foreach (var type in Graph.Types)
            Stages.Of(Graph.NamespaceOf(type));
    }

    [Fact]
    public void The_rules_see_a_back_edge_when_there_is_one()
    {
        // The graph must hold real dependencies, or every rule above would pass on nothing.
        Assert.Contains("Tunewise.Studies.Study", Graph.DependenciesOf("Tunewise.Studies.StudyBuilder"));
        Assert.Contains(BackEdges(), e => e.StartsWith("Tunewise.Evaluation.Running.StudyDecision ", StringComparison.Ordinal));
    }

    /// <summary>"A (stage) → B (later stage)" for every Core dependency on a later stage.</summary>
    private static IEnumerable<string> BackEdges()
    {
        foreach (var type in Graph.Types.Order(StringComparer.Ordinal))
        {
            if (Stages.Of(Graph.NamespaceOf(type)) is not { } from)
                continue;
            foreach (var target in Graph.DependenciesOf(type).Order(StringComparer.Ordinal))
            {
                var ns = Graph.NamespaceOf(target);
                if (!Within(ns, "Tunewise") || Stages.Of(ns) is not { } to)
                    continue;
                if (to > from)
                    yield return $"{type} ({from}) → {target} ({to})";
            }
        }
    }

    private static bool IsSerialization(string type) => Within(type, Stages.Serialization);

    private static bool Within(string name, string prefix) => Stages.Within(name, prefix) || name.StartsWith(prefix + ".", StringComparison.Ordinal);
}
