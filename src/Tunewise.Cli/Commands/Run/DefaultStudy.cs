using System.Security.Cryptography;
using Tunewise.Lab.Chat;
using Tunewise.Lab.World;

namespace Tunewise.Cli.Commands.Run;

/// <summary>
/// The built-in default study: the lab world's behaviour task (support message → house JSON) and knowledge
/// task (facts about fictional towns), run on the shipped models lab:tw-base and lab:tw-small. Needs no key and no network.
/// </summary>
/// <remarks>
/// The task files and the run store live together in one folder per set of built-in models
/// (<see cref="HomeFor"/>), not under <c>--out</c>: a rerun, from any folder and with any <c>--out</c>, resumes the
/// same run and is served from the store. New weights give a new folder, so answers of other weights are never reused.
/// </remarks>
internal static class DefaultStudy
{
    /// <summary>The reports' folder when <c>--out</c> is not given, relative to the working folder.</summary>
    public const string Folder = "tunewise-default";

    /// <summary>Overrides the folder that holds the default study's task files and run store.</summary>
    public const string HomeVariable = "TUNEWISE_HOME";

    public static readonly string[] Models = ["tw-base", "tw-small"];

    /// <summary>
    /// <c>$TUNEWISE_HOME/default-study</c>, else the user's local application data folder
    /// (<c>$XDG_DATA_HOME/tunewise/default-study</c> or <c>~/.local/share/tunewise/default-study</c> on Linux).
    /// </summary>
    public static string Root
    {
        get
        {
            var home = Environment.GetEnvironmentVariable(HomeVariable);
            if (string.IsNullOrWhiteSpace(home))
            {
                var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
                home = string.IsNullOrEmpty(data) ? Path.GetFullPath(Path.Combine(Folder, ".home")) : Path.Combine(data, "tunewise");
            }
            return Path.Combine(Path.GetFullPath(home), "default-study");
        }
    }

    /// <summary>The folder of the task files and run store for the built-in models in <paramref name="modelsDirectory"/>.</summary>
    public static string HomeFor(string root, string modelsDirectory) => Path.Combine(root, "models-" + Fingerprint(modelsDirectory));

    /// <summary>
    /// Writes the world's task files (same bytes every time) into the study's home, beside its run store, and a copy
    /// into <paramref name="outFolder"/>/world for reading; returns the studies to run, whose files are the home's.
    /// </summary>
    public static IReadOnlyList<(string Name, string File)> Prepare(string outFolder, CancellationToken cancellationToken) =>
        Prepare(outFolder, Root, LabModels.BuiltInDirectory, cancellationToken);

    internal static IReadOnlyList<(string Name, string File)> Prepare(string outFolder, string root, string modelsDirectory, CancellationToken cancellationToken)
    {
        var missing = Models.Where(m => !File.Exists(Path.Combine(modelsDirectory, m, Tunewise.Lab.Checkpoints.LlamaCheckpoint.ConfigFile))).ToList();
        if (missing.Count > 0)
            throw new UserInputException(
                $"The built-in model(s) {string.Join(", ", missing)} are not in {modelsDirectory}. They ship with Tunewise (models/ in the source tree); rebuild, or write them with 'tunewise lab pretrain --out {modelsDirectory}'.");
        var generator = new WorldGenerator(WorldOptions.For(WorldSize.Study, version: WorldVersion(modelsDirectory)));
        var world = Path.Combine(HomeFor(root, modelsDirectory), "world");
        generator.WriteTasks(world, cancellationToken);
        generator.WriteTasks(Path.Combine(outFolder, "world"), cancellationToken);
        return [("behaviour", Path.Combine(world, "study-behaviour.yaml")), ("knowledge", Path.Combine(world, "study-knowledge.yaml"))];
    }

    /// <summary>
    /// The lab world the built-in models were pretrained on (<c>world.version</c> in their <c>recipe.json</c>): the default
    /// study's tasks are drawn from the same world, held out of its pretraining. Models of different worlds are refused.
    /// </summary>
    internal static int WorldVersion(string modelsDirectory)
    {
        var versions = Models.Select(m =>
        {
            var record = Tunewise.Lab.Pretraining.PretrainRecord.Require(Path.Combine(modelsDirectory, m), $"the built-in model {m} has no recipe, so the world of its tasks is unknown");
            return (Model: m, Version: record.WorldVersion ?? throw new UserInputException($"'{record.Path}': field 'world.version' is missing."));
        }).ToList();
        if (versions.Select(v => v.Version).Distinct().Count() > 1)
            throw new UserInputException($"The built-in models were pretrained on different lab worlds ({string.Join(", ", versions.Select(v => $"{v.Model}: v{v.Version}"))}); the default study needs one world.");
        return versions[0].Version;
    }

    /// <summary>The first 16 hex digits of SHA-256 over the default study's models: each file's relative path and bytes.</summary>
    internal static string Fingerprint(string modelsDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var model in Models)
        {
            var directory = Path.Combine(modelsDirectory, model);
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(modelsDirectory, file).Replace('\\', '/') + "\n"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
