using System.Diagnostics;
using System.Text.RegularExpressions;
using Tunewise.Reports;
using Tunewise.Testing;
using static Tunewise.Core.Tests.Reports.ReportSamples;

namespace Tunewise.Core.Tests.Reports;

/// <summary>
/// Opens report.html in a real browser (headless Chromium) to prove that model output carrying script is
/// shown as text and never runs. Chromium is a test dependency: .ci/install-deps installs it, and without
/// it this test fails rather than passing silently.
/// </summary>
public partial class ChromiumTests
{
    private const string ScriptOutput = "<script>document.title='pwned'</script>";
    private const string ImageOutput = "<img src=x onerror=\"document.title='pwned'\">";

    [Fact]
    public async Task Script_in_model_output_does_not_run_in_a_browser_and_shows_as_text()
    {
        var chromium = FindChromium() ?? throw new Xunit.Sdk.XunitException(
            "Chromium is not installed (neither `chromium` nor `chromium-browser` is on PATH). Install it with `.ci/install-deps` " +
            "or `sudo apt-get install -y chromium`; this test opens report.html in a real browser.");
        using var dir = new TempDirectory();
        var page = dir.File("report.html");
        var report = Report("xss-check", Arm("zero-shot", 0.5));
        File.WriteAllText(page, HtmlReport.Render(report, [
            Line("zero-shot", "e1", ScriptOutput, "ok", 0, prompt: ImageOutput),
            Line("zero-shot", "e2", ImageOutput, ScriptOutput, 0),
        ]));

        var dom = await DumpDomAsync(chromium, page, dir.File("profile"));

        var title = TitlePattern().Match(dom);
        Assert.True(title.Success, "the dumped DOM has no <title>: " + dom[..Math.Min(dom.Length, 400)]);
        Assert.NotEqual("pwned", title.Groups[1].Value);
        Assert.Equal("xss-check · Tunewise report", System.Net.WebUtility.HtmlDecode(title.Groups[1].Value));
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;", dom);
        Assert.Contains("&lt;img src=x onerror=\"document.title='pwned'\"&gt;", dom);
    }

    private static string? FindChromium()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return new[] { "chromium", "chromium-browser" }
            .SelectMany(name => path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, name)))
            .FirstOrDefault(File.Exists);
    }

    private static async Task<string> DumpDomAsync(string chromium, string page, string profile)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={profile}", "--dump-dom", new Uri(page).AbsoluteUri })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("Chromium did not finish within two minutes.");
        }
        var dom = await output;
        Assert.True(dom.Length > 0, $"Chromium printed no DOM (exit {process.ExitCode}): {await errors}");
        return dom;
    }

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.Singleline)]
    private static partial Regex TitlePattern();
}
