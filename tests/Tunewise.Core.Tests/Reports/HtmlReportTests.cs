using System.Text.Json.Nodes;
using Tunewise.Reports;
using Tunewise.Testing;
using static Tunewise.Core.Tests.Reports.ReportSamples;
using Tunewise.Reports.Exporters;

namespace Tunewise.Core.Tests.Reports;

public class HtmlReportTests
{
    private static readonly string[] SectionIds = ["decision", "metrics", "cost", "robustness", "learning", "examples"];

    [Fact]
    public void Encode_turns_markup_and_quotes_into_entities()
    {
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;", HtmlText.Encode(ScriptPayload));
        Assert.Equal("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", HtmlText.Encode(ClosingScriptPayload));
        Assert.Equal("a &amp; &quot;b&quot; &#39;c&#39;", HtmlText.Encode("a & \"b\" 'c'"));
        Assert.Equal("", HtmlText.Encode(null));
    }

    [Fact]
    public void Model_output_prompt_expected_id_arm_and_study_name_are_shown_as_text_never_as_markup()
    {
        var hostile = "\"><img src=x onerror=alert(2)>";
        var report = Report("study " + ScriptPayload, Arm("arm" + hostile, 0.5));
        var lines = new[]
        {
            Line("arm" + hostile, "id" + ScriptPayload, ScriptPayload, ClosingScriptPayload, 0, prompt: "prompt " + ClosingScriptPayload),
            Line("arm" + hostile, "id-2", ClosingScriptPayload, "x", null, error: "Http: " + ScriptPayload),
        };

        var html = HtmlReport.Render(report, lines);

        Assert.DoesNotContain(ScriptPayload, html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("</script><", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("data-arm=\"arm&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\"", html);
        // The page's own explorer script is the only script element.
        Assert.Equal(1, Count(html, "<script"));
    }

    [Fact]
    public async Task A_real_report_references_nothing_outside_the_file_and_has_every_section()
    {
        using var dir = new TempDirectory();
        var (_, outDir) = await ReportFixture.RunAsync(dir);

        var html = File.ReadAllText(Path.Combine(outDir, HtmlReportExporter.FileName));

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        foreach (var id in SectionIds)
            Assert.Contains($"<section id=\"{id}\">", html);
        Assert.Contains("No arm meets the requirement", html);
        Assert.Contains("Is prompting enough?", html);
        Assert.Contains("Can a smaller model do it after fine-tuning?", html);
        // Metric whiskers, the cost lines and the robustness spread are drawn; learning and forgetting are not measured.
        Assert.Contains("aria-label=\"exact_match per arm\"", html);
        Assert.Contains("aria-label=\"Monthly cost against monthly query volume\"", html);
        Assert.Contains("aria-label=\"Score of every prompt variant, per arm\"", html);
        Assert.Contains("no fine-tuned arm recorded a learning curve", html);
        Assert.Equal(2 * Running.RunningStudy.TestCount, Count(html, "<tr data-arm="));
    }

    [Fact]
    public void Sections_without_data_say_they_were_not_measured()
    {
        var html = HtmlReport.Render(Report(), []);

        foreach (var id in SectionIds)
            Assert.Contains($"<section id=\"{id}\">", html);
        Assert.Contains("Not measured in this run: no decision was computed", html);
        Assert.Contains("Not measured in this run: no candidate arm has a known price", html);
        Assert.Contains("Not measured in this run: the study has no robustness section.", html);
        Assert.Contains("Not measured in this run: results.jsonl holds no answers.", html);
        Assert.DoesNotContain("Monthly cost against monthly query volume", html);
    }

    [Fact]
    public void Learning_curves_and_forgetting_deltas_are_drawn_when_the_report_carries_them()
    {
        var json = JsonNode.Parse(Report().ToJson())!.AsObject();
        json["learning_curve"] = JsonNode.Parse("""{ "lora": [ { "train_examples": 100, "value": 0.4 }, { "train_examples": 1000, "value": 0.7 }, { "train_examples": 10000, "value": 0.85 } ] }""");
        json["arms"]![0]!["forgetting"] = JsonNode.Parse("""{ "general": { "before": 0.62, "after": 0.58 } }""");

        var report = StudyReport.FromJson(json.ToJsonString());
        var html = HtmlReport.Render(report, []);

        Assert.Contains("aria-label=\"Learning curve\"", html);
        Assert.Contains("aria-label=\"Forgetting deltas\"", html);
        Assert.Contains("zero-shot " + HtmlText.Encode("·") + " general", html);
        Assert.DoesNotContain("no fine-tuned arm recorded a learning curve", html);
        // Fields this version does not model survive a round trip through report.json.
        Assert.Contains("learning_curve", report.ToJson());
    }

    [Fact]
    public void The_explorer_marks_each_row_with_its_arm_outcome_and_error_class()
    {
        var lines = new[]
        {
            Line("zero-shot", "a", "yes", "yes", 1),
            Line("zero-shot", "b", "no", "yes", 0),
            Line("zero-shot", "c", null, "yes", null, error: "RateLimited: too many requests"),
        };

        var html = HtmlReport.Render(Report(), lines);

        Assert.Contains("data-outcome=\"correct\" data-class=\"none\"", html);
        Assert.Contains("data-outcome=\"wrong\" data-class=\"wrong answer\"", html);
        Assert.Contains("data-outcome=\"error\" data-class=\"RateLimited\"", html);
        Assert.Contains("<option value=\"RateLimited\">RateLimited</option>", html);
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
