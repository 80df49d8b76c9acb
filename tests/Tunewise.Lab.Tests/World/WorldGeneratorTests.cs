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

    private (string Dir, WorldManifest Manifest) Generate(string name, ulong seed = 13, int version = 1)
    {
        var dir = Path.Combine(_temp.Path, name);
        return (dir, new WorldGenerator(WorldOptions.For(WorldSize.Tiny, seed, version)).WriteAll(dir));
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Generated_study_files_validate(int version)
    {
        var (dir, _) = Generate("w", version: version);
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

    [Fact]
    public void World_v2_pretraining_keeps_the_tasks_out_but_teaches_their_formats()
    {
        var (dir, manifest) = Generate("v2", version: 2);
        Assert.Equal(2, manifest.Version);
        var corpus = File.ReadAllText(Path.Combine(dir, "pretraining/corpus.txt"));

        // The knowledge task's towns and mayors, at the largest world size, appear only in its documents.
        var largest = new WorldGenerator(WorldOptions.For(WorldSize.Default, version: 2));
        var entities = Path.Combine(_temp.Path, "v2-default-tasks");
        largest.WriteTasks(entities);
        foreach (var name in File.ReadAllLines(Path.Combine(entities, "knowledge/entities.txt")))
            Assert.DoesNotContain(name, corpus, StringComparison.Ordinal);

        // No behaviour message of any split is read in pretraining, and no house routing code is ever written there.
        foreach (var file in new[] { "train.jsonl", "dev.jsonl", "test.jsonl", "clean-small.jsonl", "noisy-large.jsonl" })
        {
            foreach (var line in File.ReadLines(Path.Combine(entities, "behaviour", file)))
            {
                // A message is read whole: on a line of its own, after "Message: " or after "Input: ".
                var message = JsonNode.Parse(line)!["input"]!.GetValue<string>();
                foreach (var form in new[] { $"\n{message}\n", $"Message: {message}\n", $"Input: {message}\n" })
                    Assert.DoesNotContain(form, corpus, StringComparison.Ordinal);
            }
        }
        Assert.DoesNotMatch(@"\b(RF|CX|DL|BL|AC|GN)-[123]\b", corpus);

        // The formats prompting and retrieval arms render are there: demonstrations and numbered passages with their ids.
        Assert.Contains("Examples:\n\nInput: ", corpus, StringComparison.Ordinal);
        Assert.Matches(@"Passage: \[1\] \(town-\d{4}\.(md|txt)\)\n# ", corpus);
        Assert.Matches(@"\n\n\[2\] \(town-\d{4}\.(md|txt)\)\n# ", corpus);
        Assert.Contains("What does the customer want?", corpus, StringComparison.Ordinal);
    }

    [Fact]
    public void World_v2_behaviour_answers_are_house_routing_codes_of_the_message_intent()
    {
        var (dir, _) = Generate("v2", version: 2);
        var labels = File.ReadAllLines(Path.Combine(dir, "behaviour/labels.txt"));
        Assert.Equal(18, labels.Length);
        foreach (var file in new[] { "train.jsonl", "dev.jsonl", "test.jsonl", "clean-small.jsonl" })
        {
            foreach (var line in File.ReadLines(Path.Combine(dir, "behaviour", file)))
            {
                var row = JsonNode.Parse(line)!;
                var code = row["expected"]!.GetValue<string>();
                Assert.Contains(code, labels);
                Assert.StartsWith(HouseRouting.Teams[row["family"]!.GetValue<string>()] + "-", code, StringComparison.Ordinal);
            }
        }
        var rows = File.ReadAllLines(Path.Combine(dir, "behaviour/noisy-large.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal((int)Math.Round(rows.Count * WorldOptions.For(WorldSize.Tiny).NoisyShare), rows.Count(r => r["corrupted"]!.GetValue<bool>()));
        Assert.All(rows, r => Assert.Equal(
            r["corrupted"]!.GetValue<bool>(),
            !r["expected"]!.GetValue<string>().StartsWith(HouseRouting.Teams[r["family"]!.GetValue<string>()] + "-", StringComparison.Ordinal)));
    }

    [Fact]
    public void World_v1_stays_as_it_was_and_an_unknown_version_is_refused()
    {
        var (v1, _) = Generate("v1");
        Assert.True(File.Exists(Path.Combine(v1, "behaviour/schema.json")));
        Assert.False(File.Exists(Path.Combine(v1, "behaviour/labels.txt")));
        var error = Assert.Throws<UserInputException>(() => WorldOptions.For(WorldSize.Tiny, version: 3));
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
    }
}
