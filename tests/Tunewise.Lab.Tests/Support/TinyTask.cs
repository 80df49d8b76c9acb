using Tunewise.Lab.Training;

namespace Tunewise.Lab.Tests.Support;

/// <summary>A learnable toy task: the answer is the prompt's tokens reversed, after a separator.</summary>
internal static class TinyTask
{
    public const long Separator = 1;

    public static List<TokenizedExample> Examples(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<TokenizedExample>();
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(3, 7);
            var prompt = Enumerable.Range(0, length).Select(_ => (long)random.Next(2, 32)).ToList();
            var answer = Enumerable.Reverse(prompt).ToList();
            examples.Add(TokenizedExample.FromPromptAndAnswer([.. prompt, Separator], answer));
        }
        return examples;
    }
}
