using Spectre.Console.Testing;
using Tunewise.Models;

namespace Tunewise.Cli.Tests.Models;

/// <summary><c>tunewise models list</c> reads in an 80-column terminal; <c>--wide</c> adds the sources.</summary>
public class ModelsListWidthTests
{
    private static (int ExitCode, string[] Lines) Run(int width, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = width;
        int exitCode = Program.Run(args, console);
        return (exitCode, console.Output.Split('\n').Select(line => line.TrimEnd('\r')).ToArray());
    }

    [Fact]
    public void At_80_columns_every_model_fits_on_one_line_with_its_prices_and_each_source_is_listed_once()
    {
        var (exitCode, lines) = Run(80, "models", "list");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        var gpt4o = Assert.Single(lines, line => line.Contains("openai:gpt-4o ", StringComparison.Ordinal));
        Assert.Contains("128,000", gpt4o);
        Assert.Contains("2.50", gpt4o);
        Assert.Contains("10.00", gpt4o);
        foreach (var entry in ModelCatalog.Default.Entries)
            Assert.Single(lines, line => line.Contains($" {entry.Id} ", StringComparison.Ordinal));
        int openai = Array.FindIndex(lines, line => line == "  https://platform.openai.com/docs/pricing");
        Assert.Equal("    as of 2025-08-01", lines[openai + 1]);
        int anthropic = Array.FindIndex(lines, line => line == "  https://docs.anthropic.com/en/docs/about-claude/pricing");
        Assert.Equal("    as of 2025-08-01, 2025-10-01, 2025-10-15", lines[anthropic + 1]);
        Assert.Single(lines, line => line.Contains("https://docs.anthropic.com", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Priced by compute, not per token: lab:tw-base", StringComparison.Ordinal));
    }

    [Fact]
    public void Wide_puts_each_models_source_and_date_in_its_row()
    {
        var (exitCode, lines) = Run(200, "models", "list", "--wide");

        Assert.Equal(ExitCodes.Ok, exitCode);
        var mini = Assert.Single(lines, line => line.Contains("openai:gpt-4o-mini ", StringComparison.Ordinal));
        Assert.Contains("https://platform.openai.com/docs/pricing", mini);
        Assert.Contains("2025-08-01", mini);
        Assert.DoesNotContain(lines, line => line.Contains("--wide shows", StringComparison.Ordinal));
    }

    [Fact]
    public void Study_check_and_plan_tables_fit_80_columns_without_wrapping_their_rows()
    {
        string folder = Directory.CreateTempSubdirectory("tunewise-width-").FullName;
        try
        {
            string study = Path.Combine(folder, "study.yaml");
            Assert.Equal(ExitCodes.Ok, Run(80, "init", study).ExitCode);
            var (checkExit, check) = Run(80, "study", "check", study);
            Assert.Equal(ExitCodes.Ok, checkExit);
            Assert.All(check, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
            Assert.Contains(check, line => line.Contains("few-shot-4", StringComparison.Ordinal) && line.Contains("4-shot stratified", StringComparison.Ordinal));

            var (planExit, plan) = Run(80, "plan", "llama-3.1-8b");
            Assert.Equal(ExitCodes.Ok, planExit);
            Assert.All(plan, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
            Assert.Contains(plan, line => line.Contains("Peak training memory", StringComparison.Ordinal) && line.Contains("GB", StringComparison.Ordinal));
            // Each GPU's row stays on one line: its name and its "fits on 1" answer together.
            Assert.Contains(plan, line => line.Contains("H200-141GB", StringComparison.Ordinal) && (line.Contains(" yes ", StringComparison.Ordinal) || line.Contains(" no ", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
