using System.Globalization;
using Tunewise.Statistics;

namespace Tunewise.Lab.Experiments;

/// <summary>An experiment's result: a titled table, the finding it tests, and whether the finding held.</summary>
public sealed record ExperimentTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> Findings)
{
    /// <summary>A 95% interval as "0.42 [0.31, 0.53]".</summary>
    public static string Format(Estimate estimate) => string.Create(CultureInfo.InvariantCulture,
        $"{estimate.Value:0.00} [{estimate.CiLow:0.00}, {estimate.CiHigh:0.00}]");

    public string ToMarkdown()
    {
        var text = new System.Text.StringBuilder();
        text.Append("| ").Append(string.Join(" | ", Columns)).Append(" |\n");
        text.Append('|').Append(string.Concat(Columns.Select(_ => " --- |"))).Append('\n');
        foreach (var row in Rows) text.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        foreach (var finding in Findings) text.Append('\n').Append(finding).Append('\n');
        return text.ToString();
    }
}
