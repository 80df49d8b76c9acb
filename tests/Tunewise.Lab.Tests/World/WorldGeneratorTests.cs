using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Tunewise.Lab.World;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.World;

public sealed class WorldGeneratorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private (string Dir, WorldManifest Manifest) Generate(string name, ulong seed = 13)
    {
        var dir = Path.Combine(_temp.Path, name);
        return (dir, new WorldGenerator(WorldOptions.For(WorldSize.Tiny, seed)).WriteAll(dir));
    }

    [Fact]
    public void Same_seed_gives_identical_files_and_another_seed_differs()
    {
        var (dirA, a) = Generate("a");
        var (_, b) = Generate("b");
        var (_, c) = Generate("c", seed: 14);
        Assert.Equal(a.Files, b.Files);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dirA, WorldManifest.FileName)), File.ReadAllBytes(Path.Combine(_temp.Path, "b", WorldManifest.FileName)));
        var differing = a.Files.Zip(c.Files).Count(p => p.First.Sha256 != p.Second.Sha256);
        Assert.True(differing > a.Files.Count / 2, $"only {differing} of {a.Files.Count} files differ with another seed");
        Assert.Equal(a.Files, WorldManifest.Read(dirA).Files);
        Assert.DoesNotContain(a.Files, f => File.ReadAllText(Path.Combine(dirA, f.Path)).Contains('\r'));
    }

    [Fact]
    public void Sizes_follow_the_options()
    {
        var options = WorldOptions.For(WorldSize.Tiny);
        var (dir, _) = Generate("w");
        int Lines(string p) => File.ReadAllLines(Path.Combine(dir, p)).Length;
        Assert.Equal(options.BehaviourTrain, Lines("behaviour/train.jsonl"));
        Assert.Equal(options.BehaviourDev, Lines("behaviour/dev.jsonl"));
        Assert.Equal(options.BehaviourTest, Lines("behaviour/test.jsonl"));
        Assert.Equal(options.NoisyCleanSize * 10, Lines("behaviour/noisy-large.jsonl"));
        Assert.Equal(options.GeneralEvalPerFamily * 10, Lines("general/eval.jsonl"));
        Assert.Equal(options.KnowledgeEntities, Directory.GetFiles(Path.Combine(dir, "documents")).Length);
        var corpus = File.ReadAllText(Path.Combine(dir, "pretraining/corpus.txt"));
        Assert.InRange(corpus.Length, options.PretrainingCharacters, options.PretrainingCharacters + 2000);
        Assert.Contains(ChatMarkers.Assistant, corpus, StringComparison.Ordinal);
    }

    [Fact]
    public void Held_out_icl_families_and_knowledge_entities_never_appear_in_pretraining()
    {
        var (dir, _) = Generate("w");
        var corpus = File.ReadAllText(Path.Combine(dir, "pretraining/corpus.txt"));
        // A held-out rule's answers are unseen: no "word -> rule(word)" pair of a held-out family is in the corpus.
        foreach (var family in WorldOptions.For(WorldSize.Tiny).HeldOutIclFamilies)
        {
            foreach (var word in new[] { "garden", "planet", "window" })
            {
                Assert.DoesNotContain(IclFamilies.Apply(family, word), corpus, StringComparison.Ordinal);
            }
        }
        var heldOut = File.ReadAllLines(Path.Combine(dir, "icl/eval-heldout.jsonl"));
        Assert.NotEmpty(heldOut);
        foreach (var name in File.ReadAllLines(Path.Combine(dir, "knowledge/entities.txt")))
            Assert.DoesNotContain(name, corpus, StringComparison.Ordinal);
        foreach (var name in File.ReadAllLines(Path.Combine(dir, "knowledge/entities.txt")).Where((_, i) => i % 2 == 0))
            Assert.Contains(Directory.GetFiles(Path.Combine(dir, "documents")), f => File.ReadAllText(f).Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void Behaviour_golds_are_valid_against_the_schema_in_field_order()
    {
        var (dir, _) = Generate("w");
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(dir, "behaviour/schema.json")));
        foreach (var file in new[] { "train.jsonl", "dev.jsonl", "test.jsonl", "noisy-large.jsonl" })
        {
            foreach (var line in File.ReadAllLines(Path.Combine(dir, "behaviour", file)))
            {
                var gold = JsonNode.Parse(line)!["expected"]!.GetValue<string>();
                var result = schema.Evaluate(JsonDocument.Parse(gold).RootElement);
                Assert.True(result.IsValid, $"{file}: {gold}");
                Assert.Equal(["intent", "priority", "order_id", "product"], JsonNode.Parse(gold)!.AsObject().Select(p => p.Key));
            }
        }
    }

    [Fact]
    public void Noisy_variant_corrupts_exactly_the_configured_share()
    {
        var (dir, _) = Generate("w");
        var options = WorldOptions.For(WorldSize.Tiny);
        var rows = File.ReadAllLines(Path.Combine(dir, "behaviour/noisy-large.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var flagged = rows.Count(r => r["corrupted"]!.GetValue<bool>());
        Assert.Equal((int)Math.Round(rows.Count * options.NoisyShare), flagged);
        // A corrupted row's intent disagrees with the intent its message was written for.
        Assert.All(rows, r => Assert.Equal(
            r["corrupted"]!.GetValue<bool>(),
            JsonNode.Parse(r["expected"]!.GetValue<string>())!["intent"]!.GetValue<string>() != r["family"]!.GetValue<string>()));
    }

    [Fact]
    public void Generated_study_files_validate()
    {
        var (dir, _) = Generate("w");
        foreach (var study in new[] { "study-behaviour.yaml", "study-knowledge.yaml" })
        {
            var result = StudyLoader.Check(Path.Combine(dir, study));
            Assert.True(result.IsValid, $"{study}: {string.Join("; ", result.Errors)}");
        }
    }

    [Fact]
    public void Every_knowledge_question_names_its_gold_document_and_the_document_holds_the_answer()
    {
        var (dir, _) = Generate("gold");
        foreach (var line in File.ReadLines(Path.Combine(dir, "knowledge", "questions.jsonl")))
        {
            var row = JsonNode.Parse(line)!;
            var document = Path.Combine(dir, "documents", row["gold_doc"]!.GetValue<string>());
            Assert.True(File.Exists(document), document);
            Assert.Contains(row["expected"]!.GetValue<string>(), File.ReadAllText(document), StringComparison.Ordinal);
        }
    }
}
