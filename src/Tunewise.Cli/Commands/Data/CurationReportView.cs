using Spectre.Console;
using Tunewise.Data.Curation;

namespace Tunewise.Cli.Commands.Data;

/// <summary>Renders a curation report as Spectre tables. All data text is escaped: it is user content, not markup.</summary>
internal static class CurationReportView
{
    private const int ShownPerFinding = 5;

    public static void Render(IAnsiConsole console, CurationReport report, CleanResult? clean)
    {
        var against = report.Against is null ? string.Empty : $" against {report.Against} ({report.AgainstExamples} examples)";
        console.MarkupLineInterpolated($"[bold]{report.File}[/]: {report.Examples} examples{against}; input: {string.Join(", ", report.InputFields)}; expected: {report.ExpectedField ?? "(none)"}");

        var counts = new Table().Border(TableBorder.Rounded).AddColumn("Check").AddColumn(new TableColumn("Count").RightAligned()).AddColumn("Meaning");
        AddCount(counts, "exact duplicates", report.Counts.ExactDuplicates, "redundant copies after normalising case and whitespace");
        AddCount(counts, "near duplicates", report.Counts.NearDuplicates, $"redundant inputs with Jaccard ≥ {report.NearDuplicateThreshold}");
        AddCount(counts, "leakage", report.Counts.Leakage, report.Against is null ? "no --against test file given" : "examples that also appear in the test file");
        AddCount(counts, "label conflicts", report.Counts.LabelConflicts, "groups of same/near-same inputs with different gold values");
        AddCount(counts, "empty", report.Counts.Empty, "inputs with no text");
        AddCount(counts, "overlong", report.Counts.Overlong, $"inputs over {report.MaxTokens} tokens (o200k)");
        console.Write(counts);

        foreach (var group in report.ExactDuplicates.Take(ShownPerFinding))
        {
            console.MarkupLineInterpolated($"[yellow]duplicate[/] ×{group.Redundant + 1}: {string.Join(", ", group.Examples.Select(e => e.ToString()))}  \"{group.Examples[0].Input}\"");
        }

        foreach (var pair in report.NearDuplicates.Take(ShownPerFinding))
        {
            console.MarkupLineInterpolated($"[yellow]near duplicate[/] ({pair.Similarity:0.00}): {pair.A} \"{pair.A.Input}\" ~ {pair.B} \"{pair.B.Input}\"");
        }

        foreach (var leak in report.Leakage.Take(ShownPerFinding))
        {
            console.MarkupLineInterpolated($"[red]leak[/] ({leak.Kind}, {leak.Similarity:0.00}): {leak.Example} = test {leak.TestExample}  \"{leak.Example.Input}\"");
        }

        foreach (var conflict in report.LabelConflicts.Take(ShownPerFinding))
        {
            console.MarkupLineInterpolated($"[red]conflict[/] {string.Join(" vs ", conflict.Labels)}: {string.Join(", ", conflict.Examples.Select(e => e.ToString()))}  \"{conflict.Examples[0].Input}\"");
        }

        foreach (var empty in report.Empty.Take(ShownPerFinding))
        {
            console.MarkupLineInterpolated($"[yellow]empty input[/]: {empty}");
        }

        foreach (var overlong in report.Overlong.Take(ShownPerFinding))
        {
            console.MarkupLineInterpolated($"[yellow]overlong[/] ({overlong.Tokens} tokens): {overlong.Example}");
        }

        if (report.Labels is { } labels)
        {
            var distribution = new Table().Border(TableBorder.Simple).AddColumn(labels.Field).AddColumn(new TableColumn("Count").RightAligned()).AddColumn(new TableColumn("Share").RightAligned());
            var total = labels.Counts.Values.Sum();
            foreach (var (label, count) in labels.Counts)
            {
                distribution.AddRow(Markup.Escape(label), count.ToString(), $"{100.0 * count / total:0.0}%");
            }

            console.Write(distribution);
            var verdict = labels.Imbalanced ? "[red]imbalanced[/]" : "[green]balanced enough[/]";
            console.MarkupLine($"majority/minority ratio {labels.Ratio:0.##} (threshold {labels.Threshold:0.##}): {verdict}");
        }

        foreach (var skipped in report.SkippedRows.Take(ShownPerFinding))
        {
            console.MarkupLineInterpolated($"[grey]skipped[/] {skipped}");
        }

        if (report.SkippedRows.Count > ShownPerFinding)
        {
            console.MarkupLineInterpolated($"[grey]… {report.SkippedRows.Count - ShownPerFinding} more skipped rows[/]");
        }

        if (clean is not null)
        {
            console.MarkupLineInterpolated($"[green]wrote[/] {clean.Path}: kept {clean.Kept}, dropped {clean.Dropped.Count}");
            foreach (var reason in clean.Dropped.GroupBy(d => d.Reason.Split(':', 2)[0].Split(" of ", 2)[0]))
            {
                console.MarkupLineInterpolated($"  {reason.Count()} × {reason.Key}");
            }
        }
    }

    private static void AddCount(Table table, string check, int count, string meaning) =>
        table.AddRow(new Markup(Markup.Escape(check)), new Markup(count == 0 ? "[green]0[/]" : $"[yellow]{count}[/]"), new Markup(Markup.Escape(meaning)));
}
