using System.Text;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Running;

/// <summary>Fictional entities, one document each, and a question per entity whose gold document is known.</summary>
internal static class KnowledgeStudy
{
    public const int Count = 20;

    public static string Entity(int i) => $"Zorblax{(char)('a' + i)}";

    public static string Code(int i) => $"code{i * 7 + 3}";

    /// <summary>Writes the documents and a QA study with the given arms; expected answers are plain codes.</summary>
    public static string Write(TempDirectory dir, string apiBase, string arms, string kind = "qa", bool jsonAnswers = false, bool factInQuestion = false, int broken = 0)
    {
        var docs = Directory.CreateDirectory(dir.File("docs")).FullName;
        var test = new StringBuilder("id,question,answer,gold_doc\n");
        for (var i = 0; i < Count; i++)
        {
            File.WriteAllText(Path.Combine(docs, $"{Entity(i)}.md"),
                $"# {Entity(i)}\n\n{Entity(i)} is a fictional moon settlement founded in year {1900 + i}. The secret code of {Entity(i)} is {Code(i)}. Visitors must register.\n");
            var answer = jsonAnswers ? $"\"{{\"\"code\"\":\"\"{Code(i)}\"\"}}\"" : Code(i);
            var fact = factInQuestion ? $"The secret code of {Entity(i)} is {Code(i)}. " : "";
            var suffix = i < broken ? " " + KnowledgeServer.Broken : "";
            test.Append($"q{i},{fact}What is the secret code of {Entity(i)}?{suffix},{answer},{Entity(i)}.md\n");
        }
        File.WriteAllText(dir.File("test.csv"), test.ToString());
        // Training rows (other entities, no documents) only so a fine-tuning arm passes validation.
        var train = new StringBuilder("id,question,answer,gold_doc\n");
        for (var i = 0; i < 4; i++)
            train.Append($"t{i},What is the secret code of Trainee{i}?,{(jsonAnswers ? $"\"{{\"\"code\"\":\"\"t{i}\"\"}}\"" : $"t{i}")},\n");
        File.WriteAllText(dir.File("train.csv"), train.ToString());
        var yaml = $$$"""
            name: knowledge-study
            task:
              kind: {{{kind}}}
              train: train.csv
              test: test.csv
              input: question
              expected: answer
              documents: docs
            requirement: { metric: exact_match, target: 0.8 }
            models:
              m: { provider: openai-compatible, base_url: {{{apiBase}}}, model: tw-knowledge }
            arms:
            {{{arms}}}
            metrics: [exact_match]
            """;
        var path = dir.File("study.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
