using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Benchmarks;

namespace Tunewise.Cli.Commands.Lab;

/// <summary><c>tunewise lab bench</c>: measures the lab engine on this machine and prints each target as a ratio.</summary>
public sealed class LabBenchCommand(IAnsiConsole console) : AsyncCommand<LabBenchSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, LabBenchSettings settings, CancellationToken cancellationToken)
    {
        var options = new LabBenchmarkOptions { Quick = settings.Quick };
        var report = LabBenchmark.Run(options, new ConsoleProgress(console), cancellationToken);
        Print(report, settings.Quick);
        return Task.FromResult(0);
    }

    private void Print(LabBenchmarkReport report, bool quick)
    {
        static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
        static string F(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);

        if (quick) console.MarkupLine("[yellow]--quick: tiny sizes, figures are for smoke testing only[/]");
        console.MarkupLineInterpolated($"fp32 matmul {report.MatmulSize}×{report.MatmulSize}: [bold]{F(report.MatmulGflops)} GFLOP/s[/] (best of several, after warm-up)");
        console.MarkupLineInterpolated($"model: {report.ModelDescription}; {F(report.Parameters / 1e6, "F2")}M parameters, N = {F(report.FlopParameters / 1e6, "F2")}M excluding the input embedding");
        console.MarkupLineInterpolated($"full fine-tuning: {F(report.TrainingTokensPerSecond, "F0")} tokens/s = {F(report.TrainingGflops)} GFLOP/s at 6·N per token; MFU {F(100 * report.ModelFlopsUtilisation)}% of the matmul rate");

        var table = new Table().AddColumns("method", "step ms", "trainable", "weights MB", "grads MB", "AdamW MB", "tensors MB", "VmHWM MB", "HWM-base MB");
        foreach (var m in report.Methods)
        {
            table.AddRow(m.Method, F(m.StepSeconds * 1000, "F0"), m.TrainableParameters.ToString("N0", CultureInfo.InvariantCulture),
                Mb(m.WeightBytes), Mb(m.GradientBytes), Mb(m.OptimizerBytes), Mb(m.TensorBytes), Mb(m.PeakResidentBytes), Mb(m.PeakAboveBaselineBytes));
        }
        console.Write(table);
        console.MarkupLineInterpolated($"generation, {report.GeneratedTokens} new tokens: {F(report.CachedTokensPerSecond)} tokens/s with KV cache, {F(report.RecomputeTokensPerSecond)} tokens/s recomputing");

        var targets = new Table().AddColumns("target", "ratio", "needs", "result");
        foreach (var t in report.Targets)
        {
            targets.AddRow(
                Markup.Escape(t.Name),
                F(t.Ratio, "F3"),
                (t.AtLeast ? "≥ " : "≤ ") + F(t.Threshold, "G"),
                t.Passed ? "[green]pass[/]" : "[red]fail[/]");
        }
        console.Write(targets);
    }
}
