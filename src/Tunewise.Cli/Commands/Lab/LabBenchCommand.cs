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
        var data = settings.ResolveData(Directory.GetCurrentDirectory());
        if (data is null)
        {
            console.MarkupLineInterpolated($"[red]No intent data for the workload: {LabBenchSettings.DefaultDataPath} is not in this folder or above it; pass --data FILE (CSV with text and label columns).[/]");
            return Task.FromResult(ExitCodes.InvalidInput);
        }
        var progress = new ConsoleProgress(console);
        var options = new LabBenchmarkOptions { Quick = settings.Quick };
        var report = LabBenchmark.Run(options, progress, cancellationToken);
        Print(report, settings.Quick);
        var workload = WorkloadBenchmark.Run(new WorkloadOptions { DataFile = data, Model = settings.Model, Quick = settings.Quick }, progress, cancellationToken);
        PrintWorkload(workload, data);
        return Task.FromResult(0);
    }

    private void PrintWorkload(WorkloadReport report, string data)
    {
        static string F(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);
        console.WriteLine();
        console.MarkupLineInterpolated($"[bold]Workload[/]: {report.Model} ({F(report.Parameters / 1e6, "F2")}M parameters) on {data}; {report.Cores} cores");
        var table = new Table().AddColumns("measure", "1 thread, no buckets (before)", "threads by work size, buckets (now)");
        table.AddRow($"matmul {report.MatmulSize}³ GFLOP/s", F(report.MatmulGflopsOneThread), F(report.MatmulGflopsAllCores) + $" ({report.Cores} threads)");
        table.AddRow("full fine-tuning tokens/s (padded)", F(report.TrainingTokensPerSecondBefore, "F0"), F(report.TrainingTokensPerSecond, "F0"));
        table.AddRow("  padding in batches", F(100 * report.TrainingPaddingBefore) + "%", F(100 * report.TrainingPadding) + "%");
        table.AddRow("  example tokens/s (padding left out)", F(report.TrainingTokensPerSecondBefore * (1 - report.TrainingPaddingBefore), "F0"),
            F(report.TrainingTokensPerSecond * (1 - report.TrainingPadding), "F0"));
        table.AddRow("prefill GFLOP/s", F(report.PrefillGflopsOneThread), F(report.PrefillGflops));
        console.Write(table);
        console.MarkupLineInterpolated($"training: {F(report.TrainingGflops)} GFLOP/s at 6·N per token; LoRA (rank 16) {F(report.LoraStepsPerMinute, "F0")} steps/min of batch 8");
        console.MarkupLineInterpolated($"few-shot prompts: {F(report.MeanPromptTokens, "F0")} tokens on average; one at a time {F(report.FewShotSecondsP50, "F3")} s per query (p50), all at once {F(report.FewShotBatchedSecondsPerQuery, "F3")} s per query; {F(100 * report.FewShotFinishedByEndOfTurn, "F0")}% ended at the end-of-turn token");
        var targets = new Table().AddColumns("workload target", "measured", "needs", "result");
        foreach (var t in report.Targets)
            targets.AddRow(Markup.Escape(t.Name), F(t.Ratio, "F3"), (t.AtLeast ? "≥ " : "≤ ") + F(t.Threshold, "G"), t.Passed ? "[green]pass[/]" : "[red]fail[/]");
        console.Write(targets);
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
