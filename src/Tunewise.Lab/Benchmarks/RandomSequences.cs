using Tunewise.Lab.Training;

namespace Tunewise.Lab.Benchmarks;

/// <summary>Training examples for measurements: full-length random token sequences, one prompt token and the rest answer, so every position is trained.</summary>
internal static class RandomSequences
{
    public static List<TokenizedExample> Make(int count, int length, int vocabulary, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var tokens = Enumerable.Range(0, length).Select(_ => (long)random.Next(3, vocabulary)).ToArray();
            return TokenizedExample.FromPromptAndAnswer(tokens[..1], tokens[1..]);
        }).ToList();
    }
}
