using System.Text;

namespace Tunewise.LlamaCpp.Grammars;

/// <summary>GBNF string literals: text matched exactly, with quotes, backslashes and control characters escaped.</summary>
internal static class GbnfLiteral
{
    public static string Of(string text)
    {
        var escaped = new StringBuilder("\"");
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return escaped.Append('"').ToString();
    }
}
