using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tunewise.LlamaCpp.Grammars;

/// <summary>
/// GBNF grammars that make llama.cpp sample only JSON: any JSON object, or a value that follows a
/// JSON schema. Schema keywords without a grammar form (patterns, numeric ranges, lengths,
/// <c>$ref</c>) loosen that node to any JSON value of the named type instead of failing.
/// </summary>
public static class JsonGrammar
{
    public const string RootRule = "root";

    // Whitespace is kept to at most one space or newline between tokens, so a small model cannot pad forever.
    private const string Primitives = """
        value ::= object | array | string | number | boolean | null
        object ::= "{" ws ( string ws ":" ws value ( ws "," ws string ws ":" ws value )* )? ws "}"
        array ::= "[" ws ( value ( ws "," ws value )* )? ws "]"
        string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] ) )* "\""
        number ::= integer ( "." [0-9]+ )? ( [eE] [-+]? [0-9]+ )?
        integer ::= "-"? ( "0" | [1-9] [0-9]* )
        boolean ::= "true" | "false"
        null ::= "null"
        ws ::= ( " " | "\n" )?
        """;

    /// <summary>Any JSON object, as JSON modes usually promise.</summary>
    public static string AnyObject { get; } = "root ::= object\n" + Primitives + "\n";

    /// <summary>A grammar for values valid under <paramref name="schema"/>.</summary>
    public static string FromSchema(JsonElement schema)
    {
        var builder = new SchemaGrammarBuilder();
        var root = builder.Rule(schema, "root-value");
        return $"root ::= {root}\n{builder.Rules}{Primitives}\n";
    }

    private sealed class SchemaGrammarBuilder
    {
        private readonly StringBuilder _rules = new();
        private readonly HashSet<string> _names = [];

        public string Rules => _rules.ToString();

        /// <summary>Returns a GBNF expression for <paramref name="schema"/>, adding named rules as needed.</summary>
        public string Rule(JsonElement schema, string hint)
        {
            if (schema.ValueKind == JsonValueKind.True || schema.ValueKind != JsonValueKind.Object)
            {
                return "value";
            }

            if (schema.TryGetProperty("const", out var constant))
            {
                return Literal(JsonText(constant));
            }

            if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                return Group(values.EnumerateArray().Select(v => Literal(JsonText(v))));
            }

            foreach (var keyword in new[] { "anyOf", "oneOf" })
            {
                if (schema.TryGetProperty(keyword, out var options) && options.ValueKind == JsonValueKind.Array)
                {
                    return Group(options.EnumerateArray().Select((option, i) => Rule(option, $"{hint}-{i}")));
                }
            }

            if (schema.TryGetProperty("type", out var type))
            {
                if (type.ValueKind == JsonValueKind.Array)
                {
                    return Group(type.EnumerateArray().Select(t => ForType(t.GetString(), schema, hint)));
                }

                return ForType(type.GetString(), schema, hint);
            }

            return schema.TryGetProperty("properties", out _) ? ForType("object", schema, hint) : "value";
        }

        private string ForType(string? type, JsonElement schema, string hint) => type switch
        {
            "object" => ObjectRule(schema, hint),
            "array" => ArrayRule(schema, hint),
            "string" => "string",
            "integer" => "integer",
            "number" => "number",
            "boolean" => "boolean",
            "null" => "null",
            _ => "value",
        };

        private string ObjectRule(JsonElement schema, string hint)
        {
            if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                return "object";
            }

            var required = schema.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array
                ? names.EnumerateArray().Select(n => n.GetString()).ToHashSet()
                : [];

            // Properties come in declared order, required ones first, so every later member is written
            // with a leading comma. With no required member, any one may be the first written.
            var members = properties.EnumerateObject()
                .Select(p => (Required: required.Contains(p.Name),
                    Text: $"{Literal(Tunewise.Serialization.TypedJson.StringLiteral(p.Name))} ws \":\" ws {Rule(p.Value, $"{hint}-{Sanitize(p.Name)}")}"))
                .OrderBy(m => m.Required ? 0 : 1)
                .ToList();
            string Optional(int from) => string.Concat(members.Skip(from).Select(m => $" ( ws \",\" ws {m.Text} )?"));

            string body;
            if (members.Count == 0)
            {
                body = "";
            }
            else if (members[0].Required)
            {
                var requiredCount = members.Count(m => m.Required);
                body = string.Join(" ws \",\" ws ", members.Take(requiredCount).Select(m => m.Text)) + Optional(requiredCount);
            }
            else
            {
                body = "( " + string.Join(" | ", members.Select((m, i) => m.Text + Optional(i + 1))) + " )?";
            }

            return Define(hint, $"\"{{\" ws {body} ws \"}}\"");
        }

        private string ArrayRule(JsonElement schema, string hint)
        {
            var item = schema.TryGetProperty("items", out var items) ? Rule(items, hint + "-item") : "value";
            return Define(hint, $"\"[\" ws ( {item} ( ws \",\" ws {item} )* )? ws \"]\"");
        }

        private string Define(string hint, string expression)
        {
            var name = Sanitize(hint);
            var unique = name;
            for (var n = 2; !_names.Add(unique); n++)
            {
                unique = $"{name}-{n}";
            }

            _rules.Append(CultureInfo.InvariantCulture, $"{unique} ::= {expression}\n");
            return unique;
        }

        private static string Group(IEnumerable<string> alternatives) => "( " + string.Join(" | ", alternatives) + " )";

        /// <summary>The element written compactly, as the serializer writes it.</summary>
        private static string JsonText(JsonElement value)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer)) value.WriteTo(writer);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        /// <summary>The exact JSON text <paramref name="json"/>, as a GBNF string literal.</summary>
        private static string Literal(string json) => GbnfLiteral.Of(json);

        private static string Sanitize(string name)
        {
            var clean = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]).Trim('-');
            return clean.Length == 0 ? "rule" : clean;
        }
    }
}
