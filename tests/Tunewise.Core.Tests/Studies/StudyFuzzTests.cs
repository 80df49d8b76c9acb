using System.Text;
using Tunewise;
using Tunewise.Data;
using Tunewise.Statistics;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Studies;

/// <summary>
/// Mutated study files (seeded, so a failure names a reproducible mutant): every one is either accepted or refused with
/// findings that name the file; none throws.
/// </summary>
public class StudyFuzzTests
{
    private static readonly string[] Fragments =
        ["&a ", "*a", "<<: *a", "!!int ", "!!binary ", "? ", "- ", "{", "}", "[", "]", ":", ": ", "\"", "'", "%YAML 1.1\n", "---\n", "...\n", "\t",
         "|", ">", "#", "@", "`", "!", "&", "*", ",", "\n  ", "\n- ", "{{", "}}", "\u00a0", "\ufeff", "0x1F", "-.inf", ".nan", "~", "null", "1e999",
         "&b [*b]", "&c {k: *c}", "<<: [*a, *a]", "? [a, b]\n: c", "!<tag:yaml.org,2002:str> ", "%TAG ! tag:x,2000:\n---\n"];

    public static TheoryData<int> Seeds() => new(Enumerable.Range(0, 15));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_study_files_get_findings_never_an_exception(int seed)
    {
        var original = File.ReadAllText(Path.Combine(Repository.Root, "examples", "clinc150", "study.yaml"));
        var random = new DeterministicRandom(0x5EED_0000UL + (ulong)seed);
        var crashes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var mutant = Mutate(original, random);
            try
            {
                var result = StudyLoader.Parse(mutant, "study.yaml", Path.Combine(Repository.Root, "examples", "clinc150"));
                if (result.Study is null)
                    Assert.Contains(result.Findings, f => f.File == "study.yaml");
            }
            catch (Exception ex)
            {
                crashes.Add($"seed {seed}, mutant {i}: {ex}\n--- mutant ---\n{mutant}\n");
            }
        }
        Assert.True(crashes.Count == 0, string.Join("\n", crashes.Take(2)));
    }

    [Theory]
    [InlineData("csv", 0)]
    [InlineData("csv", 1)]
    [InlineData("jsonl", 0)]
    [InlineData("jsonl", 1)]
    public async Task Mutated_data_files_load_or_are_refused_with_their_location(string format, int seed)
    {
        var lines = File.ReadLines(Path.Combine(Repository.Root, "examples", "clinc150", "data", "test.csv")).Take(30).ToList();
        var original = format == "csv"
            ? string.Join('\n', lines) + "\n"
            : string.Concat(lines.Skip(1).Select(l => l.Split(',')).Select(f =>
                $"{{\"id\": \"{f[0]}\", \"text\": \"{f[1]}\", \"label\": \"{f[2]}\"}}\n"));
        var random = new DeterministicRandom(0xDA7A_0000UL + (ulong)seed * 31 + (ulong)format.Length);
        using var dir = new TempDirectory();
        var crashes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var mutant = Mutate(original, random);
            var path = dir.File($"mutant-{i}.{format}");
            File.WriteAllText(path, mutant);
            try
            {
                await DataLoader.LoadAsync(path);
            }
            catch (UserInputException ex)
            {
                Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal);
            }
            catch (Exception ex)
            {
                crashes.Add($"{format} seed {seed}, mutant {i}: {ex}\n--- mutant ---\n{mutant}\n");
            }
        }
        Assert.True(crashes.Count == 0, string.Join("\n", crashes.Take(2)));
    }

    [Fact]
    public void A_comment_inside_a_flow_map_is_invalid_YAML_on_its_line()
    {
        // YamlDotNet's scanner throws InvalidOperationException on this text, not a YamlException.
        var result = StudyLoader.Parse("name: s\ntask: { kind: classification }\nvolume: { queries_per_month   # a comment: 500000 }\narms: []\n", "study.yaml", ".");

        Assert.Null(result.Study);
        var error = Assert.Single(result.Findings);
        Assert.True(error.Line == 3, error.ToString());
        Assert.Equal("study.yaml", error.File);
        Assert.Contains("invalid YAML: the text ends or breaks inside", error.Message, StringComparison.Ordinal);
    }

    private static string Mutate(string text, DeterministicRandom random)
    {
        var builder = new StringBuilder(text);
        var edits = 1 + random.NextInt(3);
        for (var e = 0; e < edits && builder.Length > 0; e++)
        {
            var at = random.NextInt(builder.Length);
            switch (random.NextInt(5))
            {
                case 0: builder.Remove(at, Math.Min(builder.Length - at, 1 + random.NextInt(12))); break;
                case 1: builder.Insert(at, random.Pick(Fragments)); break;
                case 2:
                    var from = random.NextInt(builder.Length);
                    var span = builder.ToString(from, Math.Min(builder.Length - from, 1 + random.NextInt(40)));
                    builder.Insert(at, span);
                    break;
                case 3: builder[at] = (char)random.NextInt(32, 127); break;
                default: builder.Length = at; break;
            }
        }
        return builder.ToString();
    }
}
