using Tunewise.Cli.Commands.Run;
using Tunewise.Storage;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

public class DefaultStudyTests
{
    private static string Models(TempDirectory dir, byte weight = 1, int world = 1, int smallWorld = 0)
    {
        var models = dir.File("models");
        foreach (var name in DefaultStudy.Models)
        {
            Directory.CreateDirectory(Path.Combine(models, name));
            File.WriteAllText(Path.Combine(models, name, "config.json"), "{}");
            File.WriteAllBytes(Path.Combine(models, name, "model.safetensors"), [weight, 2, 3]);
            var version = name == "tw-small" && smallWorld > 0 ? smallWorld : world;
            File.WriteAllText(Path.Combine(models, name, "recipe.json"), $$"""{ "name": "{{name}}", "world": { "seed": 13, "version": {{version}} } }""");
        }
        return models;
    }

    [Theory]
    [InlineData(1, "study-behaviour.yaml", "kind: extraction")]
    [InlineData(2, "study-behaviour.yaml", "kind: classification")]
    public void The_tasks_come_from_the_world_the_built_in_models_were_pretrained_on(int world, string file, string expected)
    {
        using var dir = new TempDirectory();
        var models = Models(dir, world: world);

        var studies = DefaultStudy.Prepare(dir.File("out"), dir.File("home"), models, CancellationToken.None);

        Assert.Contains(expected, File.ReadAllText(studies.Single(s => s.Name == "behaviour").File), StringComparison.Ordinal);
        Assert.EndsWith(file, studies.Single(s => s.Name == "behaviour").File, StringComparison.Ordinal);
        Assert.Equal(world == 2, File.Exists(Path.Combine(dir.File("out"), "world", "behaviour", "labels.txt")));
    }

    [Fact]
    public void Built_in_models_of_two_worlds_are_refused()
    {
        using var dir = new TempDirectory();
        var models = Models(dir, world: 2, smallWorld: 1);

        var error = Assert.Throws<UserInputException>(() => DefaultStudy.Prepare(dir.File("out"), dir.File("home"), models, CancellationToken.None));

        Assert.Contains("tw-base: v2", error.Message, StringComparison.Ordinal);
        Assert.Contains("tw-small: v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reruns_with_another_out_folder_use_the_same_study_files_and_store()
    {
        using var dir = new TempDirectory();
        var models = Models(dir);

        var first = DefaultStudy.Prepare(dir.File("out-a"), dir.File("home"), models, CancellationToken.None);
        var second = DefaultStudy.Prepare(dir.File("out-b"), dir.File("home"), models, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(["behaviour", "knowledge"], first.Select(s => s.Name));
        Assert.All(first, s => Assert.StartsWith(dir.File("home") + Path.DirectorySeparatorChar, s.File, StringComparison.Ordinal));
        Assert.Equal(RunStore.DefaultPathFor(first[0].File), RunStore.DefaultPathFor(second[1].File));
        Assert.DoesNotContain("out-", RunStore.DefaultPathFor(first[0].File), StringComparison.Ordinal);
        // Each --out gets a copy of the task files to read, byte for byte the ones that run.
        foreach (var (_, file) in first)
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(dir.File("out-a"), "world", Path.GetFileName(file))));
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(dir.File("out-b"), "world", Path.GetFileName(file))));
        }
    }

    [Fact]
    public void Other_weights_get_another_home_so_their_answers_are_never_reused()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();

        var same = DefaultStudy.HomeFor(a.File("home"), Models(a));
        var again = DefaultStudy.HomeFor(a.File("home"), Models(b));
        var other = DefaultStudy.HomeFor(a.File("home"), Models(b, weight: 9));

        Assert.Equal(same, again);
        Assert.NotEqual(same, other);
    }

    [Fact]
    public void The_home_follows_TUNEWISE_HOME()
    {
        using var dir = new TempDirectory();
        var before = Environment.GetEnvironmentVariable(DefaultStudy.HomeVariable);
        try
        {
            Environment.SetEnvironmentVariable(DefaultStudy.HomeVariable, dir.File("tw-home"));
            Assert.Equal(Path.Combine(dir.File("tw-home"), "default-study"), DefaultStudy.Root);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DefaultStudy.HomeVariable, before);
        }
        Assert.NotEqual(Path.Combine(dir.File("tw-home"), "default-study"), DefaultStudy.Root);
    }

    [Fact]
    public void A_missing_built_in_model_is_named()
    {
        using var dir = new TempDirectory();
        var models = Models(dir);
        Directory.Delete(Path.Combine(models, "tw-small"), recursive: true);

        var error = Assert.Throws<UserInputException>(() => DefaultStudy.Prepare(dir.File("out"), dir.File("home"), models, CancellationToken.None));

        Assert.Contains("tw-small", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tw-base", error.Message, StringComparison.Ordinal);
    }
}
