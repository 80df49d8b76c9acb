using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Retrieval;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Bench;

/// <summary>
/// Builds a BM25 index over n synthetic documents, then asks planted questions one at a time and
/// eight at a time: prints build time, queries per second at both concurrencies, and recall@4/MRR.
/// </summary>
public sealed class RetrievalBenchCommand(IAnsiConsole console) : AsyncCommand<RetrievalBenchSettings>
{
    private const int TopK = 4;

    public override async Task<int> ExecuteAsync(CommandContext context, RetrievalBenchSettings settings, CancellationToken cancellationToken)
    {
        var (documents, questions) = SyntheticCorpus.Generate(settings.N, settings.Queries, settings.Seed);
        var spec = new RetrievalSpec { TopK = TopK };
        var indexRoot = settings.OnDisk ? Path.Combine(Path.GetTempPath(), "tunewise-bench-index-" + Guid.NewGuid().ToString("N")) : null;
        try
        {
            var build = Stopwatch.StartNew();
            using var retriever = await Bm25Retriever.BuildAsync(spec, documents, indexRoot, cancellationToken: cancellationToken);
            build.Stop();

            // Warm-up over every question, so tiered JIT and the first segment reads are not charged to concurrency 1.
            await MeasureAsync(retriever, questions, 1, cancellationToken);

            var (sequentialRate, results) = await MeasureAsync(retriever, questions, 1, cancellationToken);
            var (parallelRate, parallelResults) = await MeasureAsync(retriever, questions, 8, cancellationToken);
            var identical = results.Zip(parallelResults).All(pair => pair.First.SequenceEqual(pair.Second));

            var cases = questions.Select((q, i) => new RetrievalCase([q.GoldId], results[i])).ToArray();
            var byName = RetrievalQuality.Evaluate(cases.Where((_, i) => i % 2 == 0).ToArray(), TopK);
            var byFounder = RetrievalQuality.Evaluate(cases.Where((_, i) => i % 2 == 1).ToArray(), TopK);

            var table = new Table().Border(TableBorder.Minimal);
            foreach (var column in new[] { "docs", "chunks", "index", "build s", "q/s c=1", "q/s c=8", "c8/c1", "recall@4", "MRR@4", "recall@4 hard", "MRR@4 hard", "c8 = c1" })
                table.AddColumn(new TableColumn(column).RightAligned().NoWrap());
            table.AddRow(
                documents.Count.ToString(CultureInfo.InvariantCulture),
                retriever.ChunkCount.ToString(CultureInfo.InvariantCulture),
                settings.OnDisk ? "disk" : "memory",
                build.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                sequentialRate.ToString("0", CultureInfo.InvariantCulture),
                parallelRate.ToString("0", CultureInfo.InvariantCulture),
                (parallelRate / sequentialRate).ToString("0.00", CultureInfo.InvariantCulture),
                Markup.Escape(Format(byName.RecallAtK)),
                Markup.Escape(Format(byName.MeanReciprocalRank)),
                Markup.Escape(Format(byFounder.RecallAtK)),
                Markup.Escape(Format(byFounder.MeanReciprocalRank)),
                identical ? "yes" : "[red]NO[/]");
            console.Write(table);
            console.MarkupLine($"[grey]{questions.Count} planted questions per concurrency, half naming the entity, half (hard) naming only its founder, whose name is another entity's; 95% bootstrap intervals; {Environment.ProcessorCount} cores.[/]");
            return identical ? ExitCodes.Ok : ExitCodes.InternalError;
        }
        finally
        {
            if (indexRoot is not null && Directory.Exists(indexRoot))
                Directory.Delete(indexRoot, recursive: true);
        }
    }

    private static async Task<(double Rate, IReadOnlyList<RetrievedPassage>[] Results)> MeasureAsync(
        Bm25Retriever retriever, List<(string Question, string GoldId)> questions, int concurrency, CancellationToken cancellationToken)
    {
        var results = new IReadOnlyList<RetrievedPassage>[questions.Count];
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, questions.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await retriever.RetrieveAsync(questions[i].Question, TopK, ct));
        stopwatch.Stop();
        return (questions.Count / stopwatch.Elapsed.TotalSeconds, results);
    }

    private static string Format(Statistics.Estimate estimate) =>
        string.Create(CultureInfo.InvariantCulture, $"{estimate.Value:0.000} [{estimate.CiLow:0.000}, {estimate.CiHigh:0.000}]");
}
