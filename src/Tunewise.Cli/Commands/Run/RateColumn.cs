using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Tunewise.Cli.Commands.Run;

/// <summary>Examples per second for a running arm.</summary>
internal sealed class RateColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Speed is { } speed ? speed.ToString("0.0", CultureInfo.InvariantCulture) + "/s" : "–/s", new Style(Color.Grey));
}
