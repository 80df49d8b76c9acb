using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.FineTuning.Export;
using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Export;

/// <summary><c>tunewise export PACK --train FILE --base-model ID --out DIR</c>: a pack for another training stack.</summary>
public sealed class ExportCommand(IAnsiConsole console) : AsyncCommand<ExportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        var pack = ExportPacks.Get(settings.Pack);
        var train = ExampleJsonlReader.Read(settings.Train);
        var dev = settings.Dev is null ? null : ExampleJsonlReader.Read(settings.Dev);
        var frozen = settings.Test is null ? null : ExampleJsonlReader.Read(settings.Test).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var request = new ExportRequest(
            train,
            dev,
            new ChatFields(settings.InputField, settings.ExpectedField, settings.SystemPrompt),
            new ExportPlan
            {
                BaseModel = settings.BaseModel,
                Method = FineTuneMethods.Parse(settings.Method, "--method"),
                LoraRank = settings.Rank,
                LoraAlpha = settings.Alpha,
                LoraDropout = settings.Dropout,
                LoraTargets = LoraTargets.Parse(settings.Targets),
                Epochs = settings.Epochs,
                LearningRate = settings.LearningRate,
                SequenceLength = settings.SequenceLength,
                DeepSpeedConfig = settings.DeepSpeed,
            },
            frozen);

        var result = await pack.WriteAsync(request, settings.Out, cancellationToken);
        console.MarkupLineInterpolated($"[green]Wrote {pack.Name} pack[/] to {result.Directory}: {string.Join(", ", result.Files)}");
        console.MarkupLineInterpolated($"Run it from that directory with: [bold]{result.Command}[/]");
        return ExitCodes.Ok;
    }
}
