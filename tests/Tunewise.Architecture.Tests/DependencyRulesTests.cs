using ArchUnitNET.Fluent;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Tunewise.Architecture.Tests;

/// <summary>The dependency rules of docs' "Dependencies flow one way", checked on the compiled assemblies.</summary>
public class DependencyRulesTests
{
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
    public void The_core_never_references_ML_NET()
    {
        var references = ProductArchitecture.Core.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, name => name == "Microsoft.ML" || name.StartsWith("Microsoft.ML.Core", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.ML.Data", StringComparison.Ordinal) || name.StartsWith("Microsoft.ML.StandardTrainers", StringComparison.Ordinal));
        // The baselines project is where ML.NET lives, so the rule above would see a reference if the core had one.
        Assert.Contains(ProductArchitecture.Baselines.GetReferencedAssemblies(), a => a.Name is "Microsoft.ML.Data" or "Microsoft.ML.Core");
    }

    [Fact]
    public void Nothing_below_the_CLI_writes_to_the_console()
    {
        IArchRule rule = Types().That().ResideInAssembly(ProductArchitecture.Core)
            .Or().ResideInAssembly(ProductArchitecture.Lab)
            .Or().ResideInAssembly(ProductArchitecture.LlamaCpp)
            .Or().ResideInAssembly(ProductArchitecture.Baselines)
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

    [Fact]
    public void Dependencies_flow_one_way()
    {
        var edges = BackEdges().ToList();
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
        // Forward edges across stages exist (the decision reads the results records; the study run drives the exporters), and the
        // same scan reports them when the order of the stages is reversed, so it would report a real back edge.
        var forward = BackEdges(reversed: true).ToList();
        Assert.Contains(forward, e => e.StartsWith("Tunewise.Decision.", StringComparison.Ordinal) && e.Contains("→ Tunewise.Results.", StringComparison.Ordinal));
        Assert.Contains(forward, e => e.StartsWith("Tunewise.Running.StudyRun ", StringComparison.Ordinal) && e.Contains("→ Tunewise.Reports.", StringComparison.Ordinal));
    }

    /// <summary>"A (stage) → B (later stage)" for every Core dependency on a later stage.</summary>
    private static IEnumerable<string> BackEdges(bool reversed = false)
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
                if (reversed ? to < from : to > from)
                    yield return $"{type} ({from}) → {target} ({to})";
            }
        }
    }

    private static bool IsSerialization(string type) => Within(type, Stages.Serialization);

    private static bool Within(string name, string prefix) => Stages.Within(name, prefix) || name.StartsWith(prefix + ".", StringComparison.Ordinal);
}
