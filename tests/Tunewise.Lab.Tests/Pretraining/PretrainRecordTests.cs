using Tunewise.Lab.Pretraining;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Pretraining;

/// <summary>recipe.json as the lab reads it: present fields typed, absent ones null, wrong ones refused naming file and field.</summary>
public class PretrainRecordTests
{
    [Fact]
    public void A_recipe_reads_its_sequence_length_world_and_smoke_score_and_absent_fields_read_as_null()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(Pretrainer.RecipeFile), """
            { "recipe": { "sequence_length": 512 }, "world": { "version": 2 }, "general_skills_smoke": { "correct": 31, "total": 120 } }
            """);
        Directory.CreateDirectory(dir.File("bare"));
        File.WriteAllText(dir.File("bare/" + Pretrainer.RecipeFile), """{ "recipe": { "sequence_length": 0 } }""");

        var record = PretrainRecord.Find(dir.Path)!;
        var bare = PretrainRecord.Find(dir.File("bare"))!;

        Assert.Equal((512, 2, (31, 120)), (record.SequenceLength, record.WorldVersion, record.SmokeScore!.Value));
        Assert.Equal((31, 120), Pretrainer.RecordedSmokeScore(dir.Path));
        Assert.Null(bare.SequenceLength); // 0 is no length
        Assert.Null(bare.WorldVersion);
        Assert.Null(bare.SmokeScore);
        Assert.Null(PretrainRecord.Find(dir.File("missing")));
        Assert.Contains("'general_skills_smoke' is missing", Assert.Throws<UserInputException>(() => Pretrainer.RecordedSmokeScore(dir.File("bare"))).Message);
    }

    [Fact]
    public void A_recipe_that_is_not_json_or_has_a_field_of_the_wrong_type_is_refused_naming_it()
    {
        using var dir = new TempDirectory();
        var path = dir.File(Pretrainer.RecipeFile);

        File.WriteAllText(path, "{ \"world\": ");
        var broken = Assert.Throws<UserInputException>(() => PretrainRecord.Read(path));
        File.WriteAllText(path, """{ "world": { "version": "two" } }""");
        var wrong = Assert.Throws<UserInputException>(() => PretrainRecord.Read(path));
        var missing = Assert.Throws<UserInputException>(() => PretrainRecord.Require(dir.File("none"), "the world of its tasks is unknown"));

        Assert.StartsWith($"'{path}' is not valid JSON (line 1)", broken.Message);
        Assert.Equal($"'{path}': field 'world.version' is \"two\"; expected a whole number.", wrong.Message);
        Assert.Equal($"'{dir.File("none/" + Pretrainer.RecipeFile)}' does not exist: the world of its tasks is unknown.", missing.Message);
    }
}
