using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Data;
using Tunewise.FineTuning.Export;
using Tunewise.FineTuning.Planning;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Running;

/// <summary>
/// Trains an arm with an external trainer (<c>finetune: { backend: command }</c>): writes the trainer's export pack from the
/// arm's rendered training data, runs the command in a shell with <c>{pack}</c>, <c>{output}</c> and <c>{base}</c> replaced,
/// streams what it prints into the arm's <see cref="LogFile"/>, and picks up the PEFT adapter or full checkpoint it leaves
/// in the output folder. A job-submission command that waits (<c>sbatch --wait</c>, <c>sky launch</c>) is run the same way.
/// The start and end of the command are recorded beside the log, so a restarted study finds a finished output and does
/// not train again. The tuned model is evaluated in-process on the lab engine, or on the arm's OpenAI-compatible endpoint.
/// </summary>
/// <param name="baseLocation">What <c>{base}</c> is for a model (for lab models, their checkpoint directory); by default the model's name.</param>
/// <param name="gpus">The catalog a <c>gpu:</c> is priced from when the arm gives no <c>price_per_hour</c>; by default the planner's.</param>
public sealed class CommandFineTuneBackend(Func<ModelSpec, string>? baseLocation = null, GpuCatalog? gpus = null) : IFineTuneBackend
{
    public const string BackendName = "command";
    public const string LogFile = "trainer.log";
    public const string StateFile = "trainer-run.json";
    public const string PackFolder = "pack";

    private const int LogLinesInError = 12;

    public string Name => BackendName;

    // Only arms that ask for it: no base model makes this backend the default.
    public bool CanTrain(ModelSpec baseModel) => false;

    public bool Trains(ModelSpec baseModel, FineTuneSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Command is not null;
    }

    public bool IsAvailable(FineTuneOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return !outcome.ModelReference.StartsWith(ModelProviders.Lab + ":", StringComparison.Ordinal)
            || Directory.Exists(outcome.ModelReference[(ModelProviders.Lab.Length + 1)..]);
    }

    public FineTuneOutcome Train(FineTuneJob job, IProgressReporter progress, CancellationToken cancellationToken) =>
        TrainAsync(job, progress, cancellationToken).GetAwaiter().GetResult();

    private async Task<FineTuneOutcome> TrainAsync(FineTuneJob job, IProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var spec = job.Spec.Command ?? throw new ArgumentException($"Arm '{job.Arm}' names no external trainer.", nameof(job));
        var folder = Path.GetDirectoryName(Path.GetFullPath(job.OutputDirectory))!;
        var pack = Path.Combine(folder, PackFolder);
        var log = Path.Combine(folder, LogFile);
        var statePath = Path.Combine(folder, StateFile);
        var baseModel = baseLocation?.Invoke(job.BaseModel) ?? job.BaseModel.Model;
        var output = Path.GetFullPath(spec.Output.Replace("{pack}", pack, StringComparison.Ordinal), pack);
        var command = Substitute(spec.Command, pack, output, baseModel);

        var price = HourlyPrice(job.Arm, spec, gpus ?? GpuCatalog.Default); // an unknown GPU stops the arm before it trains
        var seconds = Finished(LoadState(statePath), output);
        if (seconds is null)
        {
            await WritePackAsync(job, spec, pack, output, baseModel, cancellationToken).ConfigureAwait(false);
            seconds = await RunAsync(job.Arm, command, pack, log, statePath, progress, cancellationToken).ConfigureAwait(false);
        }
        var found = TrainedModelFinder.Find(output)
            ?? throw new FineTuneFailedException(job.Arm,
                $"arm '{job.Arm}': the training command finished, but '{output}' holds neither a PEFT adapter ({TrainedModelFinder.AdapterConfig} and " +
                $"{TrainedModelFinder.AdapterWeights}) nor a full checkpoint ({TrainedModelFinder.CheckpointConfig} and safetensors weights). " +
                $"Point finetune.output at the folder the trainer writes. Its log: {log}", log);

        var wall = Math.Round(seconds.Value, 2);
        return new FineTuneOutcome
        {
            Backend = Name,
            ModelReference = ModelReference(job, spec, found, baseModel),
            Method = FineTuneMethods.NameOf(job.Spec.Method),
            TrainExamples = CountLines(job.TrainData),
            TrainingSeconds = wall,
            // Priced from the wall time the report shows, so the two figures agree.
            TrainingCostUsd = price is { } hourly ? Math.Round(hourly.UsdPerHour * (decimal)wall / 3600m, 4) : null,
            TrainingCostBasis = price?.Basis,
            TrainerLog = log,
        };
    }

    /// <summary>
    /// What an hour of the command's wall time costs: the arm's <c>price_per_hour</c>, else its <c>gpu</c> × <c>gpus</c> at the
    /// catalog's price per GPU-hour; null when neither is given (the cost is unknown, never this machine's price).
    /// </summary>
    internal static (decimal UsdPerHour, string Basis)? HourlyPrice(string arm, CommandTrainerSpec spec, GpuCatalog catalog)
    {
        if (spec.PricePerHour is { } given)
            return (given, string.Create(CultureInfo.InvariantCulture, $"wall time × ${given} per hour (price_per_hour)"));
        if (spec.Gpu is not { } name)
            return null;
        var gpu = catalog.Find(name)
            ?? throw new FineTuneFailedException(arm,
                $"arm '{arm}': finetune.gpu '{name}' is not in the GPU catalog; it has {string.Join(", ", catalog.Gpus.Select(g => g.Name))}. Or give finetune.price_per_hour", null);
        var count = spec.GpuCount ?? 1;
        var hourly = Math.Round((decimal)gpu.UsdPerHour * count, 4);
        return (hourly, string.Create(CultureInfo.InvariantCulture,
            $"wall time × {count} × {gpu.Name} at ${gpu.UsdPerHour} per GPU-hour (GPU catalog: {gpu.PriceSource}, as of {gpu.AsOf:yyyy-MM-dd})"));
    }

    /// <summary>
    /// Wall seconds of a finished earlier run of the command, or null when it must run: it finished (exit 0) and left a
    /// model, or it was started and a final model is at the output's top, as when a study stopped while a cluster job ran on.
    /// </summary>
    private static double? Finished(JsonObject? state, string output)
    {
        if (state is null)
            return null;
        if (state["exit_code"]?.GetValue<int>() == 0 && state["wall_seconds"] is { } wall && TrainedModelFinder.Find(output) is not null)
            return wall.GetValue<double>();
        if (state["exit_code"] is null && state["started_at"]?.GetValue<DateTimeOffset>() is { } started && TrainedModelFinder.FindAt(output) is { } final)
            return Math.Max(0, (File.GetLastWriteTimeUtc(final.WeightsFile) - started.UtcDateTime).TotalSeconds);
        return null;
    }

    private static async Task WritePackAsync(FineTuneJob job, CommandTrainerSpec spec, string pack, string output, string baseModel, CancellationToken cancellationToken)
    {
        var targets = job.Spec.Targets.IsDefaultOrEmpty ? FineTuneDefaults.TargetModules : job.Spec.Targets;
        var plan = new ExportPlan
        {
            BaseModel = baseModel,
            Method = job.Spec.Method,
            LoraRank = job.Spec.Rank,
            LoraAlpha = (int)Math.Round(job.Spec.Alpha, MidpointRounding.AwayFromZero),
            LoraDropout = job.Spec.Dropout,
            LoraTargets = LoraTargets.Parse(string.Join(',', targets)),
            Epochs = job.Spec.Epochs,
            LearningRate = job.Spec.LearningRate ?? FineTuneDefaults.LearningRateFor(job.Spec.Method),
            OutputDir = output,
        };
        var request = new ExportRequest(RenderedExamples(job.Arm, job.TrainData), job.DevData is null ? null : RenderedExamples(job.Arm, job.DevData),
            RenderedFields, plan, job.FrozenTestIds);
        await ExportPacks.Get(spec.Trainer).WriteAsync(request, pack, cancellationToken).ConfigureAwait(false);
    }

    private static readonly ChatFields RenderedFields = new("user", "assistant", SystemField: "system");

    /// <summary>The stage's rendered chat JSONL (the arm's prompt and the answer, per example) as examples a pack converts back to turns.</summary>
    private static List<Example> RenderedExamples(string arm, string path)
    {
        var examples = new List<Example>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            var root = JsonNode.Parse(text)!;
            var messages = root["messages"]!.AsArray().Select(m => (Role: m!["role"]!.GetValue<string>(), Content: m["content"]!.GetValue<string>())).ToList();
            var users = messages.Count(m => m.Role == "user");
            if (users != 1 || messages[^1].Role != "assistant")
                throw new UserInputException($"arm '{arm}': an external trainer's pack holds one user turn and the answer per example, but {path}:{line} has {users} user turns; " +
                    "give the arm a prompt without demonstration turns.");
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["system"] = string.Join("\n\n", messages.Where(m => m.Role == "system").Select(m => m.Content)),
                ["user"] = messages.Single(m => m.Role == "user").Content,
                ["assistant"] = messages[^1].Content,
            };
            examples.Add(new Example(root["id"]?.GetValue<string>() ?? $"line-{line}", fields, new SourceLocation(path, line)));
        }
        return examples;
    }

    /// <summary>Runs the command in a shell, its output streamed into the log as it comes; returns the wall seconds.</summary>
    private static async Task<double> RunAsync(string arm, string command, string pack, string log, string statePath, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        SaveState(statePath, new JsonObject { ["command"] = command, ["started_at"] = started });
        var start = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/c", command } } : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } };
        start.WorkingDirectory = pack;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var task = progress.Start($"{arm}: training with an external command (log: {log})", 1);
        await using var writer = new StreamWriter(log, append: true, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is null)
                return;
            lock (gate) writer.WriteLine(line);
            task.Describe($"{arm}: {Shorten(line)}");
        }
        Write(string.Create(CultureInfo.InvariantCulture, $"# {started:O} arm '{arm}': {command}"));

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new FineTuneFailedException(arm, $"arm '{arm}': the training command could not start: {ex.Message}. Its log: {log}", log);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The trainer is this study's child: stopping the study stops it (a cluster job it submitted is the scheduler's).
            process.Kill(entireProcessTree: true);
            throw;
        }
        // The output streams end after the process: wait for their last lines before the log is read or closed.
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        Write(string.Create(CultureInfo.InvariantCulture, $"# exit code {process.ExitCode} after {seconds:0.0} s"));
        SaveState(statePath, new JsonObject
        {
            ["command"] = command, ["started_at"] = started, ["finished_at"] = DateTimeOffset.UtcNow,
            ["wall_seconds"] = Math.Round(seconds, 3), ["exit_code"] = process.ExitCode,
        });
        if (process.ExitCode != 0)
        {
            writer.Close();
            var tail = File.ReadLines(log).TakeLast(LogLinesInError).Select(l => "  " + l);
            throw new FineTuneFailedException(arm,
                $"arm '{arm}': the training command exited with code {process.ExitCode}. Its log: {log}\n{string.Join('\n', tail)}", log);
        }
        task.Increment();
        return seconds;
    }

    /// <summary>
    /// The tuned model as a reference: the endpoint's model name, or a lab directory. A PEFT adapter is copied beside the
    /// arm's files with its base set to the study's base model, so it loads whatever base path the trainer wrote into it.
    /// </summary>
    private static string ModelReference(FineTuneJob job, CommandTrainerSpec spec, TrainedModel found, string baseModel)
    {
        if (spec.Endpoint is { } endpoint)
            return $"{ModelProviders.OpenAICompatible}:{endpoint.Model}";
        if (job.BaseModel.Provider != ModelProviders.Lab)
            throw new UserInputException($"arm '{job.Arm}': '{job.BaseModel.Reference}' cannot be evaluated in-process; give finetune.endpoint, a server that serves the tuned model.");
        if (!found.IsAdapter)
        {
            // A trainer that saved weights without the tokenizer: the base model's is the one it trained with.
            foreach (var file in TrainedModelFinder.TokenizerFiles)
            {
                var source = Path.Combine(baseModel, file);
                var target = Path.Combine(found.Directory, file);
                if (File.Exists(source) && !File.Exists(target))
                    File.Copy(source, target);
            }
            return ModelProviders.Lab + ":" + found.Directory;
        }
        var adapter = Path.GetFullPath(job.OutputDirectory);
        Directory.CreateDirectory(adapter);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(found.Directory, TrainedModelFinder.AdapterConfig))) as JsonObject
            ?? throw new UserInputException($"'{Path.Combine(found.Directory, TrainedModelFinder.AdapterConfig)}': expected a JSON object.");
        config["base_model_name_or_path"] = baseModel;
        File.WriteAllText(Path.Combine(adapter, TrainedModelFinder.AdapterConfig), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Copy(found.WeightsFile, Path.Combine(adapter, TrainedModelFinder.AdapterWeights), overwrite: true);
        return ModelProviders.Lab + ":" + adapter;
    }

    /// <summary>The command with its placeholders replaced, each value quoted for the shell when it needs it.</summary>
    internal static string Substitute(string command, string pack, string output, string baseModel) => command
        .Replace("{pack}", ShellQuote(pack), StringComparison.Ordinal)
        .Replace("{output}", ShellQuote(output), StringComparison.Ordinal)
        .Replace("{base}", ShellQuote(baseModel), StringComparison.Ordinal);

    internal static string ShellQuote(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or ':' or '=' or '+' or ',' or '@'))
            return value;
        return OperatingSystem.IsWindows() ? $"\"{value}\"" : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static JsonObject? LoadState(string path) =>
        File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;

    private static void SaveState(string path, JsonObject state)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }

    private static int CountLines(string path) => File.ReadLines(path).Count(l => !string.IsNullOrWhiteSpace(l));

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..77] + "…";
}
