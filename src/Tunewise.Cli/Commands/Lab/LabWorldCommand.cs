using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.World;

namespace Tunewise.Cli.Commands.Lab;

public sealed class LabWorldCommand(IAnsiConsole console) : Command<LabWorldSettings>
{
    public override int Execute(CommandContext context, LabWorldSettings settings, CancellationToken cancellationToken)
    {
        var options = WorldOptions.For(settings.Size, settings.Seed, settings.Version);
        var manifest = new WorldGenerator(options).WriteAll(settings.Out, cancellationToken);
        console.MarkupLineInterpolated($"Wrote the lab world (seed {options.Seed}, version {options.Version}) to {settings.Out}: {WorldGenerator.Describe(manifest)}.");
        return 0;
    }
}
