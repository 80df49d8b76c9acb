using Tunewise.Lab.Chat;
using Tunewise.Lab.World;

namespace Tunewise.Cli.Commands.Run;

/// <summary>
/// The built-in default study: the lab world's behaviour task (support message → house JSON) and knowledge
/// task (facts about fictional towns), run on the shipped models lab:tw-base and lab:tw-small. Needs no key and no network.
/// </summary>
internal static class DefaultStudy
{
    public const string Folder = "tunewise-default";

    public static readonly string[] Models = ["tw-base", "tw-small"];

    /// <summary>Writes the world's task files into FOLDER/world (same bytes every time) and returns the studies to run.</summary>
    public static IReadOnlyList<(string Name, string File)> Prepare(string folder, CancellationToken cancellationToken)
    {
        var missing = Models.Except(LabModels.BuiltInNames(), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new UserInputException(
                $"The built-in model(s) {string.Join(", ", missing)} are not in {LabModels.BuiltInDirectory}. They ship with Tunewise (models/ in the source tree); rebuild, or write them with 'tunewise lab pretrain --out {LabModels.BuiltInDirectory}'.");
        var world = Path.Combine(folder, "world");
        new WorldGenerator(WorldOptions.For(WorldSize.Study)).WriteTasks(world, cancellationToken);
        return [("behaviour", Path.Combine(world, "study-behaviour.yaml")), ("knowledge", Path.Combine(world, "study-knowledge.yaml"))];
    }
}
