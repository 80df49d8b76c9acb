using System.Text;

namespace Tunewise.LlamaCpp.Grammars;

/// <summary>
/// A GBNF grammar that lets llama.cpp sample exactly one of a fixed set of texts (a classification task's labels), as an
/// alternation of literals: the grammar's trie of allowed continuations is llama.cpp's own, over every tokenisation of them.
/// </summary>
public static class ChoiceGrammar
{
    public const string RootRule = "root";

    public static string For(IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var literals = choices.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Select(Literal).ToList();
        if (literals.Count == 0)
            throw new ArgumentException("a choice grammar needs at least one non-empty choice", nameof(choices));
        return $"{RootRule} ::= {string.Join(" | ", literals)}\n";
    }

    private static string Literal(string text) => GbnfLiteral.Of(text);
}
