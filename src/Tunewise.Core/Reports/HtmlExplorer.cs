using System.Text;
using Tunewise.Results;
using static Tunewise.Reports.HtmlText;

namespace Tunewise.Reports;

/// <summary>
/// The per-example explorer of report.html: rows rendered here as escaped HTML, filtered in the browser by
/// their data attributes (arm, outcome, error class) and a text search, so no model text ever reaches script.
/// </summary>
internal static class HtmlExplorer
{
    /// <summary>Rows beyond this are left out of the page (results.jsonl keeps them all).</summary>
    public const int MaxRows = 5000;

    private const int PreviewChars = 400;

    public static void Render(StringBuilder html, StudyReport report, IReadOnlyList<ResultLine> results)
    {
        HtmlReport.BeginSection(html, "examples", "Examples");
        if (results.Count == 0)
        {
            HtmlReport.NotMeasured(html, "results.jsonl holds no answers.");
            HtmlReport.EndSection(html);
            return;
        }
        var primary = report.Summary.Requirement?.Metric ?? report.Summary.Arms.SelectMany(a => a.Metrics.Keys).FirstOrDefault()
            ?? results.SelectMany(r => r.Score?.Keys ?? Enumerable.Empty<string>()).FirstOrDefault() ?? "score";
        var shown = results.Take(MaxRows).ToList();
        var arms = results.Select(r => r.Arm).Distinct(StringComparer.Ordinal).ToList();
        var classes = shown.Select(l => ErrorClass(l, primary)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        html.Append("<p class=\"small\">Outcome is read from <b>").Append(Encode(primary))
            .Append("</b>: correct at 1, wrong below 1, error when the call failed. Error class is the failed call's kind, or \"wrong answer\".</p>\n");
        html.Append("<div class=\"filters\" id=\"explorer-filters\">");
        Select(html, "arm", "Arm", arms);
        Select(html, "outcome", "Outcome", ["correct", "wrong", "error", "unscored"]);
        Select(html, "class", "Error class", classes);
        html.Append("<label>Search <input type=\"search\" data-filter=\"text\" placeholder=\"id, output, expected\"></label>");
        html.Append("<span class=\"count\" id=\"explorer-count\">").Append(shown.Count).Append(" rows</span></div>\n");
        if (results.Count > shown.Count)
            html.Append("<p class=\"note\">Showing the first ").Append(shown.Count).Append(" of ").Append(results.Count).Append(" answers; results.jsonl has them all.</p>\n");

        html.Append("<div class=\"scroll explorer\"><table id=\"explorer\"><thead><tr><th>arm</th><th>id</th><th>outcome</th><th class=\"num\">")
            .Append(Encode(primary)).Append("</th><th>answer</th><th>expected</th><th>error / prompt</th></tr></thead><tbody>\n");
        foreach (var line in shown)
        {
            var outcome = Outcome(line, primary);
            html.Append("<tr data-arm=\"").Append(Encode(line.Arm)).Append("\" data-outcome=\"").Append(outcome)
                .Append("\" data-class=\"").Append(Encode(ErrorClass(line, primary))).Append("\">");
            html.Append("<td>").Append(Encode(line.Arm)).Append("</td><td><code>").Append(Encode(line.Id)).Append("</code></td>");
            html.Append("<td><span class=\"badge ").Append(outcome).Append("\">").Append(outcome).Append("</span></td>");
            html.Append("<td class=\"num\">").Append(Number(line.Score?.GetValueOrDefault(primary), "0.###")).Append("</td>");
            html.Append("<td>").Append(Text(line.Answer ?? line.Output)).Append("</td>");
            html.Append("<td>").Append(Text(line.Expected)).Append("</td><td>");
            if (line.Error is { } error)
                html.Append("<div class=\"text error\">").Append(Encode(error)).Append("</div>");
            if (line.Prompt is { } prompt)
                html.Append("<details><summary>prompt</summary><div class=\"text\">").Append(Encode(prompt)).Append("</div></details>");
            if (line.Output is { } output && output != line.Answer)
                html.Append("<details><summary>full output</summary><div class=\"text\">").Append(Encode(output)).Append("</div></details>");
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody></table></div>\n");
        HtmlReport.EndSection(html);
    }

    /// <summary>"correct", "wrong", "error" or "unscored": a fixed set, safe to use as a CSS class.</summary>
    internal static string Outcome(ResultLine line, string primary)
    {
        if (line.Error is not null)
            return "error";
        return line.Score?.GetValueOrDefault(primary) switch
        {
            null => "unscored",
            >= 1 => "correct",
            _ => "wrong",
        };
    }

    internal static string ErrorClass(ResultLine line, string primary) =>
        ErrorKind(line) ?? (Outcome(line, primary) == "wrong" ? "wrong answer" : "none");

    private static void Select(StringBuilder html, string filter, string label, IEnumerable<string> values)
    {
        html.Append("<label>").Append(label).Append(" <select data-filter=\"").Append(filter).Append("\"><option value=\"\">all</option>");
        foreach (var value in values)
            html.Append("<option value=\"").Append(Encode(value)).Append("\">").Append(Encode(value)).Append("</option>");
        html.Append("</select></label>");
    }

    private static string Text(string? text)
    {
        if (text is null)
            return "<span class=\"muted\">—</span>";
        return text.Length <= PreviewChars
            ? $"<div class=\"text\">{Encode(text)}</div>"
            : $"<div class=\"text\">{Encode(text[..PreviewChars])}…</div>";
    }

    /// <summary>Filters rows by their data attributes and visible text; it reads no data of its own.</summary>
    public const string Script = """

        (function () {
          var table = document.getElementById('explorer');
          var filters = document.getElementById('explorer-filters');
          if (!table || !filters) return;
          var count = document.getElementById('explorer-count');
          var rows = Array.prototype.slice.call(table.tBodies[0].rows);
          var controls = Array.prototype.slice.call(filters.querySelectorAll('[data-filter]'));
          function apply() {
            var shown = 0;
            rows.forEach(function (row) {
              var visible = controls.every(function (control) {
                var wanted = control.value;
                if (!wanted) return true;
                var key = control.getAttribute('data-filter');
                if (key === 'text') return row.textContent.toLowerCase().indexOf(wanted.toLowerCase()) >= 0;
                return row.getAttribute('data-' + key) === wanted;
              });
              row.hidden = !visible;
              if (visible) shown++;
            });
            count.textContent = shown + ' rows';
          }
          controls.forEach(function (control) { control.addEventListener('input', apply); });
        })();

        """;

    /// <summary>The kind of a failed call: the part of its error before the colon.</summary>
    private static string? ErrorKind(ResultLine line) => line.Error is null ? null : line.Error.Split(':', 2)[0].Trim();
}
