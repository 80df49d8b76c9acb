using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// Renders the Jinja chat templates found in <c>tokenizer_config.json</c>, with the environment
/// Hugging Face uses (trim_blocks and lstrip_blocks on, raise_exception and strftime_now, a tojson
/// that writes as Python's json.dumps does). It supports the subset common templates use:
/// for/if/elif/else/set/generation, namespace(), loop.*, slices with steps, filters with keyword
/// arguments (select, selectattr, map, tojson(indent=…), …), tests with arguments, string methods.
/// Anything else fails with an error naming the construct.
/// </summary>
public sealed class ChatTemplate
{
    private readonly List<Node> _nodes;

    private ChatTemplate(List<Node> nodes) => _nodes = nodes;

    public static ChatTemplate Parse(string source) => new(new TemplateParser(source).ParseAll());

    /// <summary>
    /// Renders a conversation. <paramref name="variables"/> adds or replaces template variables: <c>tools</c>,
    /// <c>date_string</c>, or <c>messages</c> itself when turns carry more than role and content (tool calls,
    /// tool call ids). Values may be strings, numbers, booleans, null, dictionaries, sequences and JSON nodes.
    /// </summary>
    public string Render(IReadOnlyList<ChatMessageText> messages, bool addGenerationPrompt,
        string? bosToken = null, string? eosToken = null, IReadOnlyDictionary<string, object?>? variables = null)
    {
        var globals = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = messages.Select(m => (object?)new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content }).ToList(),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["bos_token"] = bosToken ?? "",
            ["eos_token"] = eosToken ?? "",
            ["raise_exception"] = new Callable(args => throw new ChatTemplateException($"The chat template refused the conversation: {Values.ToText(args.FirstOrDefault())}")),
            ["namespace"] = new Callable(_ => new Dictionary<string, object?>(), AcceptsKeywords: true),
            ["range"] = new Callable(Values.Range),
            // Hugging Face gives templates the local clock; Llama 3.2 prints today's date with it unless date_string is passed.
            ["strftime_now"] = new Callable(args => Strftime.Format(DateTime.Now, Values.ToText(args.FirstOrDefault()))),
        };
        if (variables is not null) foreach (var (k, v) in variables) globals[k] = Values.Import(v);
        var output = new StringBuilder();
        _ = new Interpreter(output).Run(_nodes, new Scope(globals, null));
        return output.ToString();
    }

    // ---- syntax tree -------------------------------------------------------------------------

    internal abstract record Node;
    private sealed record TextNode(string Text) : Node;
    private sealed record OutputNode(Expr Expr) : Node;
    private sealed record IfNode(List<(Expr Condition, List<Node> Body)> Branches, List<Node> Else) : Node;
    private sealed record ForNode(string[] Targets, Expr Iterable, Expr? Filter, List<Node> Body, List<Node> Else) : Node;
    private sealed record SetNode(string Target, string? Attribute, Expr Value) : Node;
    private sealed record LoopControlNode(Flow Flow) : Node;

    // What running a block asks of the loop around it: Hugging Face enables Jinja's loop controls.
    private enum Flow { Normal, Break, Continue }

    internal abstract record Expr;
    private sealed record Literal(object? Value) : Expr;
    private sealed record Name(string Id) : Expr;
    private sealed record ListExpr(List<Expr> Items) : Expr;
    private sealed record DictExpr(List<(Expr Key, Expr Value)> Items) : Expr;
    private sealed record Attr(Expr Target, string Id) : Expr;
    private sealed record Index(Expr Target, Expr Key) : Expr;
    private sealed record Slice(Expr Target, Expr? Start, Expr? Stop, Expr? Step) : Expr;
    private sealed record Call(Expr Target, List<Expr> Args, List<(string Name, Expr Value)> Kwargs) : Expr;
    private sealed record Filter(Expr Target, string Id, List<Expr> Args, List<(string Name, Expr Value)> Kwargs) : Expr;
    private sealed record Test(Expr Target, string Id, List<Expr> Args, bool Negated) : Expr;
    private sealed record Unary(string Op, Expr Operand) : Expr;
    private sealed record Binary(string Op, Expr Left, Expr Right) : Expr;
    private sealed record Conditional(Expr Condition, Expr Then, Expr? Else) : Expr;

    private sealed record Callable(Func<List<object?>, object?> Invoke, bool AcceptsKeywords = false);

    private sealed class Undefined
    {
        public static readonly Undefined Instance = new();
    }

    // ---- parsing -------------------------------------------------------------------------------

    private sealed class TemplateParser(string source)
    {
        private readonly List<(bool IsTag, string Kind, string Body, int Line)> _parts = [];
        private int _position;
        private int _loopDepth;

        public List<Node> ParseAll()
        {
            Lex();
            var nodes = ParseBlock(out var end);
            if (end is not null) throw Error(end.Value.Line, $"unexpected '{{% {end.Value.Body} %}}'");
            return nodes;
        }

        private void Lex()
        {
            int i = 0;
            bool trimNextText = false, trimNextNewline = false;
            while (i < source.Length)
            {
                int open = IndexOfTag(i);
                string raw = open < 0 ? source[i..] : source[i..open];
                string text = raw;
                if (trimNextText) text = text.TrimStart();
                else if (trimNextNewline && text.StartsWith('\n')) text = text[1..];
                else if (trimNextNewline && text.StartsWith("\r\n", StringComparison.Ordinal)) text = text[2..];
                trimNextText = trimNextNewline = false;
                if (open < 0)
                {
                    AddText(text);
                    break;
                }
                char kind = source[open + 1];
                string close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
                int closeAt = kind == '#' ? source.IndexOf(close, open + 2, StringComparison.Ordinal) : IndexOfClose(open + 2, close);
                int line = LineOf(open);
                if (closeAt < 0) throw Error(line, $"'{source.Substring(open, 2)}' is never closed");
                bool stripBefore = source[open + 2] == '-';
                bool stripAfter = source[closeAt - 1] == '-' && closeAt - 1 >= open + 2 + (stripBefore ? 1 : 0);
                if (stripBefore) text = text.TrimEnd();
                else if (kind != '{' && source[open + 2] != '+')
                {
                    // lstrip_blocks: whitespace between a line start and a block tag goes. The line start is judged on the
                    // source text, before trim_blocks took the newline that ended the previous tag's line.
                    int lastNewline = raw.LastIndexOf('\n');
                    string tail = raw[(lastNewline + 1)..];
                    if (tail.Trim().Length == 0 && (lastNewline >= 0 || IsLineStart(i)) && tail.Length <= text.Length) text = text[..^tail.Length];
                }
                AddText(text);
                int bodyStart = open + 2 + (stripBefore || source[open + 2] == '+' ? 1 : 0);
                int bodyEnd = closeAt - (stripAfter ? 1 : 0);
                string body = source[bodyStart..bodyEnd].Trim();
                if (kind == '{') _parts.Add((true, "output", body, line));
                else if (kind == '%') _parts.Add((true, "statement", body, line));
                trimNextText = stripAfter;
                trimNextNewline = !stripAfter && kind != '{'; // trim_blocks
                i = closeAt + 2;
            }
        }

        // A tag ends at the first delimiter outside a string literal: '{{- "}}" }}' prints two braces.
        private int IndexOfClose(int from, string close)
        {
            char quote = '\0';
            for (int j = from; j < source.Length - 1; j++)
            {
                char c = source[j];
                if (quote != '\0')
                {
                    if (c == '\\') j++;
                    else if (c == quote) quote = '\0';
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                }
                else if (c == close[0] && source[j + 1] == close[1])
                {
                    return j;
                }
            }
            return -1;
        }

        private bool IsLineStart(int index) => index == 0 || source[index - 1] == '\n';

        private int IndexOfTag(int from)
        {
            for (int j = from; j < source.Length - 1; j++)
            {
                if (source[j] == '{' && source[j + 1] is '{' or '%' or '#') return j;
            }
            return -1;
        }

        private void AddText(string text)
        {
            if (text.Length > 0) _parts.Add((false, "text", text, 0));
        }

        private int LineOf(int index) => source.AsSpan(0, index).Count('\n') + 1;

        private List<Node> ParseBlock(out (string Keyword, string Body, int Line)? end)
        {
            var nodes = new List<Node>();
            while (_position < _parts.Count)
            {
                var part = _parts[_position++];
                if (!part.IsTag)
                {
                    nodes.Add(new TextNode(part.Body));
                    continue;
                }
                if (part.Kind == "output")
                {
                    nodes.Add(new OutputNode(new ExpressionParser(part.Body, part.Line).ParseWhole()));
                    continue;
                }
                string keyword = part.Body.Split(' ', 2)[0];
                string rest = part.Body.Length > keyword.Length ? part.Body[keyword.Length..].Trim() : "";
                switch (keyword)
                {
                    case "if":
                        nodes.Add(ParseIf(rest, part.Line));
                        break;
                    case "for":
                        nodes.Add(ParseFor(rest, part.Line));
                        break;
                    case "set":
                        nodes.Add(ParseSet(rest, part.Line));
                        break;
                    case "break" or "continue":
                        if (_loopDepth == 0) throw Error(part.Line, $"'{{% {keyword} %}}' outside a loop");
                        if (rest.Length > 0) throw Error(part.Line, $"unexpected '{rest}' after '{keyword}'");
                        nodes.Add(new LoopControlNode(keyword == "break" ? Flow.Break : Flow.Continue));
                        break;
                    case "generation":
                        nodes.AddRange(ParseBlock(out var generationEnd));
                        if (generationEnd?.Keyword != "endgeneration") throw Error(part.Line, "this 'generation' has no matching 'endgeneration'");
                        break;
                    case "elif" or "else" or "endif" or "endfor" or "endgeneration":
                        end = (keyword, rest, part.Line);
                        return nodes;
                    default:
                        throw Error(part.Line, $"the '{{% {keyword} %}}' statement is not supported (supported: if, elif, else, for, break, continue, set, generation)");
                }
            }
            end = null;
            return nodes;
        }

        private IfNode ParseIf(string condition, int line)
        {
            var branches = new List<(Expr, List<Node>)>();
            var current = new ExpressionParser(condition, line).ParseWhole();
            while (true)
            {
                var body = ParseBlock(out var end);
                branches.Add((current, body));
                switch (end?.Keyword)
                {
                    case "elif":
                        current = new ExpressionParser(end.Value.Body, end.Value.Line).ParseWhole();
                        continue;
                    case "else":
                        var elseBody = ParseBlock(out var final);
                        if (final?.Keyword != "endif") throw Error(line, "this 'if' has no matching 'endif'");
                        return new IfNode(branches, elseBody);
                    case "endif":
                        return new IfNode(branches, []);
                    default:
                        throw Error(line, "this 'if' has no matching 'endif'");
                }
            }
        }

        private ForNode ParseFor(string header, int line)
        {
            var parser = new ExpressionParser(header, line);
            var targets = new List<string> { parser.ExpectName() };
            while (parser.TryConsume(",")) targets.Add(parser.ExpectName());
            parser.ExpectKeyword("in");
            var iterable = parser.ParseOr();
            Expr? filter = null;
            if (parser.TryKeyword("if")) filter = parser.ParseOr();
            if (parser.TryKeyword("recursive")) throw Error(line, "recursive loops are not supported");
            parser.ExpectEnd();
            _loopDepth++;
            var body = ParseBlock(out var end);
            _loopDepth--;
            var elseBody = new List<Node>();
            if (end?.Keyword == "else") elseBody = ParseBlock(out end);
            if (end?.Keyword != "endfor") throw Error(line, "this 'for' has no matching 'endfor'");
            return new ForNode([.. targets], iterable, filter, body, elseBody);
        }

        private SetNode ParseSet(string body, int line)
        {
            var parser = new ExpressionParser(body, line);
            string target = parser.ExpectName();
            string? attribute = parser.TryConsume(".") ? parser.ExpectName() : null;
            if (!parser.TryConsume("=")) throw Error(line, "block 'set' (without '=') is not supported");
            var value = parser.ParseWhole();
            return new SetNode(target, attribute, value);
        }
    }

    private static ChatTemplateException Error(int line, string problem) => new($"Chat template line {line}: {problem}.");

    private sealed class ExpressionParser
    {
        private readonly List<string> _tokens;
        private readonly int _line;
        private int _at;

        public ExpressionParser(string text, int line)
        {
            _line = line;
            _tokens = Tokenize(text);
        }

        public Expr ParseWhole()
        {
            var expr = ParseExpression();
            ExpectEnd();
            return expr;
        }

        public void ExpectEnd()
        {
            if (_at < _tokens.Count) throw Error(_line, $"unexpected '{_tokens[_at]}' in expression");
        }

        public string ExpectName()
        {
            var token = Next();
            if (token.Length == 0 || !(char.IsLetter(token[0]) || token[0] == '_')) throw Error(_line, $"expected a name, got '{token}'");
            return token;
        }

        public void ExpectKeyword(string keyword)
        {
            if (!TryKeyword(keyword)) throw Error(_line, $"expected '{keyword}'");
        }

        public bool TryKeyword(string keyword) => TryConsume(keyword);

        public bool TryConsume(string token)
        {
            if (_at < _tokens.Count && _tokens[_at] == token)
            {
                _at++;
                return true;
            }
            return false;
        }

        private string Peek(int ahead = 0) => _at + ahead < _tokens.Count ? _tokens[_at + ahead] : "";

        private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw Error(_line, "the expression ends too early");

        private Expr ParseExpression()
        {
            var value = ParseOr();
            if (TryKeyword("if"))
            {
                var condition = ParseOr();
                Expr? otherwise = TryKeyword("else") ? ParseExpression() : null;
                return new Conditional(condition, value, otherwise);
            }
            return value;
        }

        public Expr ParseOr()
        {
            var left = ParseAnd();
            while (TryKeyword("or")) left = new Binary("or", left, ParseAnd());
            return left;
        }

        private Expr ParseAnd()
        {
            var left = ParseNot();
            while (TryKeyword("and")) left = new Binary("and", left, ParseNot());
            return left;
        }

        private Expr ParseNot() => TryKeyword("not") ? new Unary("not", ParseNot()) : ParseCompare();

        private Expr ParseCompare()
        {
            var left = ParseConcat();
            while (true)
            {
                string op = Peek();
                if (op is "==" or "!=" or "<" or ">" or "<=" or ">=" or "in")
                {
                    _at++;
                    left = new Binary(op, left, ParseConcat());
                }
                else if (op == "not" && Peek(1) == "in")
                {
                    _at += 2;
                    left = new Unary("not", new Binary("in", left, ParseConcat()));
                }
                else if (op == "is")
                {
                    _at++;
                    bool negated = TryKeyword("not");
                    string test = ExpectName();
                    left = new Test(left, test, ParseTestArguments(), negated);
                }
                else
                {
                    return left;
                }
            }
        }

        private Expr ParseConcat()
        {
            var left = ParseAdd();
            while (TryConsume("~")) left = new Binary("~", left, ParseAdd());
            return left;
        }

        private Expr ParseAdd()
        {
            var left = ParseMultiply();
            while (Peek() is "+" or "-") left = new Binary(Next(), left, ParseMultiply());
            return left;
        }

        private Expr ParseMultiply()
        {
            var left = ParseUnary();
            while (Peek() is "*" or "/" or "%" or "//") left = new Binary(Next(), left, ParseUnary());
            return left;
        }

        private Expr ParseUnary()
        {
            if (TryConsume("-")) return new Unary("-", ParseUnary());
            var expr = ParsePostfix(ParsePrimary());
            while (TryConsume("|"))
            {
                string name = ExpectName();
                List<(string, Expr)> kwargs = [];
                var args = Peek() == "(" ? ParseArguments(out kwargs) : [];
                expr = ParsePostfix(new Filter(expr, name, args, kwargs));
            }
            return expr;
        }

        private Expr ParsePostfix(Expr expr)
        {
            while (true)
            {
                if (TryConsume("."))
                {
                    expr = new Attr(expr, ExpectName());
                }
                else if (TryConsume("["))
                {
                    Expr? start = Peek() == ":" ? null : ParseExpression();
                    if (TryConsume(":"))
                    {
                        Expr? stop = Peek() is ":" or "]" ? null : ParseExpression();
                        Expr? step = TryConsume(":") && Peek() != "]" ? ParseExpression() : null;
                        expr = new Slice(expr, start, stop, step);
                    }
                    else
                    {
                        expr = new Index(expr, start!);
                    }
                    if (!TryConsume("]")) throw Error(_line, "expected ']'");
                }
                else if (Peek() == "(")
                {
                    var args = ParseArguments(out var kwargs);
                    expr = new Call(expr, args, kwargs);
                }
                else
                {
                    return expr;
                }
            }
        }

        // 'x is divisibleby 3' and 'x is divisibleby(3)' both pass one argument; a keyword ends the test.
        private List<Expr> ParseTestArguments()
        {
            if (Peek() == "(")
            {
                var args = ParseArguments(out var kwargs);
                if (kwargs.Count > 0) throw Error(_line, "tests take no keyword arguments");
                return args;
            }
            string next = Peek();
            bool startsValue = next.Length > 0 && (next[0] is '"' or '\'' or '[' or '{' || char.IsDigit(next[0])
                || ((char.IsLetter(next[0]) || next[0] == '_') && next is not ("and" or "or" or "not" or "in" or "is" or "if" or "else")));
            return startsValue ? [ParsePostfix(ParsePrimary())] : [];
        }

        private List<Expr> ParseArguments(out List<(string, Expr)> kwargs)
        {
            Next();
            var args = new List<Expr>();
            kwargs = [];
            while (!TryConsume(")"))
            {
                if (Peek(1) == "=" && Peek().Length > 0 && char.IsLetter(Peek()[0]))
                {
                    string name = Next();
                    Next();
                    kwargs.Add((name, ParseExpression()));
                }
                else
                {
                    args.Add(ParseExpression());
                }
                if (!TryConsume(",") && Peek() != ")") throw Error(_line, $"expected ',' or ')' in arguments, got '{Peek()}'");
            }
            return args;
        }

        private Expr ParsePrimary()
        {
            string token = Next();
            if (token[0] is '"' or '\'') return new Literal(token[1..]);
            if (char.IsDigit(token[0]))
            {
                return token.Contains('.')
                    ? new Literal(double.Parse(token, CultureInfo.InvariantCulture))
                    : new Literal(long.Parse(token, CultureInfo.InvariantCulture));
            }
            switch (token)
            {
                case "true" or "True": return new Literal(true);
                case "false" or "False": return new Literal(false);
                case "none" or "None": return new Literal(null);
                case "(":
                    if (TryConsume(")")) return new ListExpr([]);
                    var inner = ParseExpression();
                    if (TryConsume(","))
                    {
                        // A tuple, such as "role in ('user', 'system')", behaves as a list here.
                        var members = new List<Expr> { inner };
                        while (!TryConsume(")"))
                        {
                            members.Add(ParseExpression());
                            if (!TryConsume(",") && Peek() != ")") throw Error(_line, "expected ',' or ')' in a tuple");
                        }
                        return new ListExpr(members);
                    }
                    if (!TryConsume(")")) throw Error(_line, "expected ')'");
                    return inner;
                case "[":
                    var items = new List<Expr>();
                    while (!TryConsume("]"))
                    {
                        items.Add(ParseExpression());
                        if (!TryConsume(",") && Peek() != "]") throw Error(_line, "expected ',' or ']' in a list");
                    }
                    return new ListExpr(items);
                case "{":
                    var pairs = new List<(Expr, Expr)>();
                    while (!TryConsume("}"))
                    {
                        var key = ParseExpression();
                        if (!TryConsume(":")) throw Error(_line, "expected ':' in a dict");
                        pairs.Add((key, ParseExpression()));
                        if (!TryConsume(",") && Peek() != "}") throw Error(_line, "expected ',' or '}' in a dict");
                    }
                    return new DictExpr(pairs);
            }
            if (char.IsLetter(token[0]) || token[0] == '_') return new Name(token);
            throw Error(_line, $"unexpected '{token}' in expression");
        }

        private List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c is '"' or '\'')
                {
                    var value = new StringBuilder();
                    value.Append(c);
                    i++;
                    while (i < text.Length && text[i] != c)
                    {
                        if (text[i] == '\\' && i + 1 < text.Length)
                        {
                            i++;
                            value.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                        }
                        else
                        {
                            value.Append(text[i]);
                        }
                        i++;
                    }
                    if (i >= text.Length) throw Error(_line, "a string literal is not closed");
                    i++;
                    tokens.Add(value.ToString());
                }
                else if (char.IsDigit(c))
                {
                    int start = i;
                    while (i < text.Length && (char.IsDigit(text[i]) || (text[i] == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))) i++;
                    tokens.Add(text[start..i]);
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    int start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                    tokens.Add(text[start..i]);
                }
                else
                {
                    string two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                    if (two is "==" or "!=" or "<=" or ">=" or "//")
                    {
                        tokens.Add(two);
                        i += 2;
                    }
                    else if ("+-*/%~|.,:()[]{}<>=".Contains(c))
                    {
                        tokens.Add(c.ToString());
                        i++;
                    }
                    else
                    {
                        throw Error(_line, $"unexpected character '{c}' in expression");
                    }
                }
            }
            return tokens;
        }
    }

    // ---- evaluation -----------------------------------------------------------------------------

    private sealed class Scope(Dictionary<string, object?> variables, Scope? parent)
    {
        public object? Lookup(string name) =>
            variables.TryGetValue(name, out var value) ? value : parent is null ? Undefined.Instance : parent.Lookup(name);

        public void Set(string name, object? value) => variables[name] = value;
    }

    private sealed class Interpreter(StringBuilder output)
    {
        public Flow Run(List<Node> nodes, Scope scope)
        {
            foreach (var node in nodes)
            {
                switch (node)
                {
                    case LoopControlNode control:
                        return control.Flow;
                    case TextNode text:
                        output.Append(text.Text);
                        break;
                    case OutputNode o:
                        output.Append(Values.ToText(Evaluate(o.Expr, scope)));
                        break;
                    case IfNode i:
                        var branch = i.Branches.FirstOrDefault(b => Values.Truthy(Evaluate(b.Condition, scope)));
                        var branchFlow = Run(branch.Body ?? i.Else, scope);
                        if (branchFlow != Flow.Normal) return branchFlow;
                        break;
                    case ForNode f:
                        var elseFlow = RunFor(f, scope);
                        if (elseFlow != Flow.Normal) return elseFlow;
                        break;
                    case SetNode s:
                        var value = Evaluate(s.Value, scope);
                        if (s.Attribute is null) scope.Set(s.Target, value);
                        else if (scope.Lookup(s.Target) is Dictionary<string, object?> target) target[s.Attribute] = value;
                        else throw new ChatTemplateException($"Chat template: 'set {s.Target}.{s.Attribute}' needs '{s.Target}' to be a namespace().");
                        break;
                }
            }
            return Flow.Normal;
        }

        // The flow a 'for' hands back comes only from its else block, which runs outside the loop.
        private Flow RunFor(ForNode loop, Scope scope)
        {
            var items = Values.Iterate(Evaluate(loop.Iterable, scope)).ToList();
            if (loop.Filter is not null)
            {
                items = items.Where(item =>
                {
                    var probe = new Scope(new Dictionary<string, object?>(), scope);
                    Bind(probe, loop.Targets, item);
                    return Values.Truthy(Evaluate(loop.Filter, probe));
                }).ToList();
            }
            if (items.Count == 0) return Run(loop.Else, scope);
            for (int i = 0; i < items.Count; i++)
            {
                var inner = new Scope(new Dictionary<string, object?>(), scope);
                Bind(inner, loop.Targets, items[i]);
                inner.Set("loop", new Dictionary<string, object?>
                {
                    ["index"] = (long)(i + 1), ["index0"] = (long)i, ["first"] = i == 0, ["last"] = i == items.Count - 1,
                    ["length"] = (long)items.Count, ["revindex"] = (long)(items.Count - i), ["revindex0"] = (long)(items.Count - i - 1),
                    ["previtem"] = i > 0 ? items[i - 1] : Undefined.Instance, ["nextitem"] = i < items.Count - 1 ? items[i + 1] : Undefined.Instance,
                });
                if (Run(loop.Body, inner) == Flow.Break) break;
            }
            return Flow.Normal;
        }

        private static void Bind(Scope scope, string[] targets, object? item)
        {
            if (targets.Length == 1)
            {
                scope.Set(targets[0], item);
                return;
            }
            var parts = Values.Iterate(item).ToList();
            if (parts.Count != targets.Length) throw new ChatTemplateException($"Chat template: cannot unpack {parts.Count} values into {targets.Length} loop variables.");
            for (int i = 0; i < targets.Length; i++) scope.Set(targets[i], parts[i]);
        }

        private object? Evaluate(Expr expr, Scope scope)
        {
            switch (expr)
            {
                case Literal l: return l.Value;
                case Name n: return scope.Lookup(n.Id);
                case ListExpr list: return list.Items.Select(i => Evaluate(i, scope)).ToList();
                case DictExpr dict: return dict.Items.ToDictionary(p => Values.ToText(Evaluate(p.Key, scope)), p => Evaluate(p.Value, scope));
                case Attr a: return Values.GetAttribute(Evaluate(a.Target, scope), a.Id);
                case Index ix: return Values.GetItem(Evaluate(ix.Target, scope), Evaluate(ix.Key, scope));
                case Slice s:
                    return Values.GetSlice(Evaluate(s.Target, scope), s.Start is null ? null : Evaluate(s.Start, scope),
                        s.Stop is null ? null : Evaluate(s.Stop, scope), s.Step is null ? null : Evaluate(s.Step, scope));
                case Call c:
                    var callee = Evaluate(c.Target, scope);
                    var args = c.Args.Select(x => Evaluate(x, scope)).ToList();
                    if (callee is Callable callable)
                    {
                        if (c.Kwargs.Count > 0 && !callable.AcceptsKeywords) throw new ChatTemplateException("Chat template: keyword arguments are only supported for namespace().");
                        var result = callable.Invoke(args);
                        if (result is Dictionary<string, object?> ns) foreach (var (k, v) in c.Kwargs) ns[k] = Evaluate(v, scope);
                        return result;
                    }
                    throw new ChatTemplateException($"Chat template: {Describe(c.Target)} is not a supported function or method.");
                case Filter f:
                    return Values.ApplyFilter(f.Id, Evaluate(f.Target, scope), f.Args.Select(x => Evaluate(x, scope)).ToList(),
                        f.Kwargs.ToDictionary(k => k.Name, k => Evaluate(k.Value, scope), StringComparer.Ordinal));
                case Test t: return Values.ApplyTest(t.Id, Evaluate(t.Target, scope), t.Args.Select(x => Evaluate(x, scope)).ToList()) != t.Negated;
                case Unary u:
                    var operand = Evaluate(u.Operand, scope);
                    return u.Op == "not" ? !Values.Truthy(operand) : Values.Negate(operand);
                case Binary b when b.Op == "and":
                    var left = Evaluate(b.Left, scope);
                    return Values.Truthy(left) ? Evaluate(b.Right, scope) : left;
                case Binary b when b.Op == "or":
                    var first = Evaluate(b.Left, scope);
                    return Values.Truthy(first) ? first : Evaluate(b.Right, scope);
                case Binary b: return Values.BinaryOp(b.Op, Evaluate(b.Left, scope), Evaluate(b.Right, scope));
                case Conditional c:
                    return Values.Truthy(Evaluate(c.Condition, scope)) ? Evaluate(c.Then, scope) : c.Else is null ? "" : Evaluate(c.Else, scope);
                default:
                    throw new ChatTemplateException($"Chat template: unsupported expression {expr.GetType().Name}.");
            }
        }

        private static string Describe(Expr expr) => expr switch
        {
            Name n => $"'{n.Id}'",
            Attr a => $"'.{a.Id}()'",
            _ => "this expression",
        };
    }

    private static class Values
    {
        /// <summary>Caller values into the template's own types: long, double, string, bool, null, List and Dictionary.</summary>
        public static object? Import(object? value) => value switch
        {
            null or string or bool or long or double or Callable => value,
            int or short or byte or sbyte or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            JsonElement element => ImportJson(element),
            JsonNode node => ImportJson(node),
            IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToDictionary(p => p.Key, p => Import(p.Value), StringComparer.Ordinal),
            IEnumerable<KeyValuePair<string, string>> texts => texts.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal),
            System.Collections.IEnumerable items => items.Cast<object?>().Select(Import).ToList(),
            _ => throw new ChatTemplateException($"Chat template: a {value.GetType().Name} cannot be passed to a template."),
        };

        private static object? ImportJson(JsonNode node)
        {
            using var document = JsonDocument.Parse(node.ToJsonString());
            return ImportJson(document.RootElement);
        }

        private static object? ImportJson(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ImportJson(p.Value), StringComparer.Ordinal),
            JsonValueKind.Array => element.EnumerateArray().Select(ImportJson).ToList(),
            JsonValueKind.String => element.GetString(),
            // JSON's 2.0 stays a float, as json.loads reads it.
            JsonValueKind.Number => element.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0 && element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };

        /// <summary>Python's range(stop), range(start, stop) and range(start, stop, step), as a list.</summary>
        public static object? Range(List<object?> args)
        {
            if (args.Count is 0 or > 3 || args.Any(a => a is not long)) throw new ChatTemplateException("Chat template: range() takes one to three integers.");
            long start = args.Count == 1 ? 0 : (long)args[0]!, stop = (long)args[args.Count == 1 ? 0 : 1]!, step = args.Count == 3 ? (long)args[2]! : 1;
            if (step == 0) throw new ChatTemplateException("Chat template: range() step cannot be zero.");
            var items = new List<object?>();
            for (long i = start; step > 0 ? i < stop : i > stop; i += step)
            {
                if (items.Count >= 100_000) throw new ChatTemplateException("Chat template: range() is limited to 100000 items.");
                items.Add(i);
            }
            return items;
        }

        public static bool Truthy(object? value) => value switch
        {
            null or Undefined => false,
            bool b => b,
            string s => s.Length > 0,
            long l => l != 0,
            double d => d != 0,
            List<object?> list => list.Count > 0,
            Dictionary<string, object?> dict => dict.Count > 0,
            _ => true,
        };

        public static string ToText(object? value) => value switch
        {
            null => "None",
            Undefined => "",
            string s => s,
            bool b => b ? "True" : "False",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => PythonJson.FormatFloat(d, json: false),
            List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
            Dictionary<string, object?> dict => "{" + string.Join(", ", dict.Select(p => $"'{p.Key}': {Repr(p.Value)}")) + "}",
            _ => value.ToString() ?? "",
        };

        private static string Repr(object? value) => value is string s ? $"'{s}'" : ToText(value);

        public static IEnumerable<object?> Iterate(object? value) => value switch
        {
            List<object?> list => list,
            Dictionary<string, object?> dict => dict.Keys,
            string s => s.Select(c => (object?)c.ToString()),
            Undefined or null => [],
            _ => throw new ChatTemplateException($"Chat template: cannot loop over a {TypeName(value)}."),
        };

        public static object? GetAttribute(object? target, string name)
        {
            if (target is Dictionary<string, object?> dict)
            {
                if (dict.TryGetValue(name, out var value)) return value;
                return name switch
                {
                    "items" => new Callable(_ => dict.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList()),
                    "keys" => new Callable(_ => dict.Keys.Select(k => (object?)k).ToList()),
                    "values" => new Callable(_ => dict.Values.ToList()),
                    "get" => new Callable(a => dict.TryGetValue(ToText(a[0]), out var v) ? v : a.Count > 1 ? a[1] : null),
                    _ => Undefined.Instance,
                };
            }
            if (target is string s) return (object?)StringMethod(s, name) ?? Undefined.Instance;
            if (target is Undefined or null) return Undefined.Instance;
            throw new ChatTemplateException($"Chat template: a {TypeName(target)} has no attribute '{name}'.");
        }

        private static Callable? StringMethod(string s, string name) => name switch
        {
            "strip" => new Callable(a => a.Count > 0 ? s.Trim(ToText(a[0]).ToCharArray()) : s.Trim()),
            "lstrip" => new Callable(a => a.Count > 0 ? s.TrimStart(ToText(a[0]).ToCharArray()) : s.TrimStart()),
            "rstrip" => new Callable(a => a.Count > 0 ? s.TrimEnd(ToText(a[0]).ToCharArray()) : s.TrimEnd()),
            "startswith" => new Callable(a => s.StartsWith(ToText(a[0]), StringComparison.Ordinal)),
            "endswith" => new Callable(a => s.EndsWith(ToText(a[0]), StringComparison.Ordinal)),
            "upper" => new Callable(_ => s.ToUpperInvariant()),
            "lower" => new Callable(_ => s.ToLowerInvariant()),
            "title" => new Callable(_ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant())),
            "capitalize" => new Callable(_ => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant()),
            "replace" => new Callable(a => s.Replace(ToText(a[0]), ToText(a[1]), StringComparison.Ordinal)),
            "join" => new Callable(a => string.Join(s, Iterate(a.FirstOrDefault()).Select(ToText))),
            "split" => new Callable(a => (a.Count > 0
                ? s.Split(ToText(a[0]))
                : s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Select(x => (object?)x).ToList()),
            _ => null,
        };

        public static object? GetItem(object? target, object? key)
        {
            switch (target)
            {
                case Dictionary<string, object?> dict:
                    return dict.TryGetValue(ToText(key), out var value) ? value : Undefined.Instance;
                case List<object?> list when key is long i:
                    long index = i < 0 ? list.Count + i : i;
                    return index >= 0 && index < list.Count ? list[(int)index] : Undefined.Instance;
                case string s when key is long i:
                    long at = i < 0 ? s.Length + i : i;
                    return at >= 0 && at < s.Length ? s[(int)at].ToString() : Undefined.Instance;
                case Undefined or null:
                    return Undefined.Instance;
                default:
                    throw new ChatTemplateException($"Chat template: cannot index a {TypeName(target)} with {Repr(key)}.");
            }
        }

        public static object? GetSlice(object? target, object? start, object? stop, object? step)
        {
            long by = step switch
            {
                null => 1,
                long l when l != 0 => l,
                long => throw new ChatTemplateException("Chat template: a slice step cannot be zero."),
                _ => throw new ChatTemplateException("Chat template: slice bounds must be integers."),
            };
            // Python's slice.indices: bounds clamp to the sequence, and a negative step walks back from the end.
            long Bound(object? v, int count, bool isStart)
            {
                if (v is null) return isStart ? (by > 0 ? 0 : count - 1) : (by > 0 ? count : -1);
                long i = v is long l ? l : throw new ChatTemplateException("Chat template: slice bounds must be integers.");
                if (i < 0) i += count;
                return by > 0 ? Math.Clamp(i, 0, count) : Math.Clamp(i, -1, count - 1);
            }
            IEnumerable<int> Positions(int count)
            {
                long from = Bound(start, count, true), to = Bound(stop, count, false);
                for (long i = from; by > 0 ? i < to : i > to; i += by) yield return (int)i;
            }
            return target switch
            {
                List<object?> list => Positions(list.Count).Select(i => list[i]).ToList(),
                string s => string.Concat(Positions(s.Length).Select(i => s[i])),
                _ => throw new ChatTemplateException($"Chat template: cannot slice a {TypeName(target)}."),
            };
        }

        public static object? ApplyFilter(string name, object? value, List<object?> args, Dictionary<string, object?> kwargs)
        {
            object? Arg(int position, string keyword, object? fallback = null) =>
                kwargs.TryGetValue(keyword, out var named) ? named : position >= 0 && position < args.Count ? args[position] : fallback;
            switch (name)
            {
                case "trim": return Arg(0, "chars") is string chars ? ToText(value).Trim(chars.ToCharArray()) : ToText(value).Trim();
                case "length" or "count":
                    return value switch
                    {
                        string s => (long)s.Length,
                        List<object?> l => (long)l.Count,
                        Dictionary<string, object?> d => (long)d.Count,
                        _ => 0L,
                    };
                case "upper": return ToText(value).ToUpperInvariant();
                case "lower": return ToText(value).ToLowerInvariant();
                case "capitalize": return ToText(value) is var c && c.Length > 0 ? char.ToUpperInvariant(c[0]) + c[1..].ToLowerInvariant() : "";
                case "title": return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(ToText(value).ToLowerInvariant());
                case "string": return ToText(value);
                case "safe": return value;
                case "replace": return ToText(value).Replace(ToText(Arg(0, "old")), ToText(Arg(1, "new")), StringComparison.Ordinal);
                case "default" or "d":
                    return value is Undefined || (Truthy(Arg(1, "boolean", false)) && !Truthy(value)) ? Arg(0, "default_value", "") : value;
                case "first": return Iterate(value).FirstOrDefault(Undefined.Instance);
                case "last": return Iterate(value).LastOrDefault(Undefined.Instance);
                case "join":
                    var parts = Arg(1, "attribute") is { } attribute ? Iterate(value).Select(item => GetPath(item, attribute)) : Iterate(value);
                    return string.Join(ToText(Arg(0, "d", "")), parts.Select(ToText));
                case "list": return Iterate(value).ToList();
                case "reverse": return value is string text ? new string(text.Reverse().ToArray()) : Iterate(value).Reverse().ToList();
                case "items":
                    return value is Dictionary<string, object?> map ? map.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList()
                        : value is Undefined ? new List<object?>() : throw new ChatTemplateException($"Chat template: the filter 'items' needs a dict, not a {TypeName(value)}.");
                case "abs": return value is long whole ? (object)Math.Abs(whole) : value is double real ? Math.Abs(real) : throw new ChatTemplateException($"Chat template: the filter 'abs' needs a number, not a {TypeName(value)}.");
                case "int":
                    return value switch
                    {
                        long l => l,
                        double r => (long)Math.Truncate(r),
                        bool b => b ? 1L : 0L,
                        string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
                        _ => Arg(0, "default", 0L),
                    };
                case "select" or "reject":
                    return Iterate(value).Where(item => Matches(item, args, 0) == (name == "select")).ToList();
                case "selectattr" or "rejectattr":
                    if (args.Count == 0) throw new ChatTemplateException($"Chat template: the filter '{name}' needs an attribute name.");
                    return Iterate(value).Where(item => Matches(GetPath(item, args[0]), args, 1) == (name == "selectattr")).ToList();
                case "map":
                    if (Arg(-1, "attribute") is { } path)
                    {
                        return Iterate(value).Select(item => GetPath(item, path) is Undefined && kwargs.TryGetValue("default", out var fallback) ? fallback : GetPath(item, path)).ToList();
                    }
                    if (args.Count == 0) throw new ChatTemplateException("Chat template: the filter 'map' needs a filter name or attribute=.");
                    return Iterate(value).Select(item => ApplyFilter(ToText(args[0]), item, args.Skip(1).ToList(), [])).ToList();
                case "tojson":
                    // Hugging Face's tojson is json.dumps with ensure_ascii off; Python's separators differ with and without indent.
                    long? indent = Arg(0, "indent") switch { null => null, long l => l, var other => throw new ChatTemplateException($"Chat template: tojson's indent must be an integer, not a {TypeName(other)}.") };
                    var separators = Arg(-1, "separators") is List<object?> { Count: 2 } pair ? (ToText(pair[0]), ToText(pair[1])) : indent is null ? (", ", ": ") : (",", ": ");
                    return PythonJson.Dumps(ToPlain(value), indent is { } n ? (int)n : null, separators.Item1, separators.Item2,
                        Truthy(Arg(-1, "sort_keys", false)), Truthy(Arg(-1, "ensure_ascii", false)));
                default:
                    throw new ChatTemplateException($"Chat template: the filter '{name}' is not supported.");
            }
        }

        // select/reject/selectattr: a test name and its arguments from args[from]; with no test, the item's truth.
        private static bool Matches(object? item, List<object?> args, int from) =>
            args.Count <= from ? Truthy(item) : ApplyTest(ToText(args[from]), item, args.Skip(from + 1).ToList());

        // "function.name" reaches into nested dicts, as Jinja's attribute arguments do.
        private static object? GetPath(object? item, object? path)
        {
            foreach (var part in ToText(path).Split('.'))
            {
                item = long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && item is List<object?> ? GetItem(item, at) : GetItem(item, part);
            }
            return item;
        }

        private static object? ToPlain(object? value) => value switch
        {
            Undefined => null,
            List<object?> list => list.Select(ToPlain).ToList(),
            Dictionary<string, object?> dict => dict.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
            Callable => throw new ChatTemplateException("Chat template: a function cannot be written as JSON."),
            _ => value,
        };

        public static bool ApplyTest(string name, object? value, List<object?> args)
        {
            object? Argument() => args.Count > 0 ? args[0] : throw new ChatTemplateException($"Chat template: the test 'is {name}' needs an argument.");
            return name switch
            {
                "defined" => value is not Undefined,
                "undefined" => value is Undefined,
                "none" => value is null,
                "string" => value is string,
                "number" => value is long or double,
                "integer" => value is long,
                "float" => value is double,
                "boolean" => value is bool,
                "mapping" => value is Dictionary<string, object?>,
                "sequence" or "iterable" => value is List<object?> or string or Dictionary<string, object?>,
                "callable" => value is Callable,
                "true" => value is true,
                "false" => value is false,
                "lower" => value is string lower && lower == lower.ToLowerInvariant(),
                "upper" => value is string upper && upper == upper.ToUpperInvariant(),
                "odd" => value is long odd ? odd % 2 != 0 : throw new ChatTemplateException($"Chat template: 'is odd' needs an integer, not a {TypeName(value)}."),
                "even" => value is long even ? even % 2 == 0 : throw new ChatTemplateException($"Chat template: 'is even' needs an integer, not a {TypeName(value)}."),
                "divisibleby" => value is long x && Argument() is long y && y != 0 ? x % y == 0 : throw new ChatTemplateException("Chat template: 'is divisibleby' needs two integers, the divisor not zero."),
                "equalto" or "eq" or "==" => AreEqual(value, Argument()),
                "sameas" => value is List<object?> or Dictionary<string, object?> ? ReferenceEquals(value, Argument()) : AreEqual(value, Argument()),
                "ne" or "!=" => !AreEqual(value, Argument()),
                "lt" or "<" or "gt" or ">" or "le" or "<=" or "ge" or ">=" => (bool)BinaryOp(name switch { "lt" => "<", "gt" => ">", "le" => "<=", "ge" => ">=", var op => op }, value, Argument())!,
                "in" => (bool)BinaryOp("in", value, Argument())!,
                _ => throw new ChatTemplateException($"Chat template: the test 'is {name}' is not supported."),
            };
        }

        // Each arm is boxed on its own: a switch over long and double would widen -1 to -1.0.
        public static object? Negate(object? value) => value switch
        {
            long l => (object)(-l),
            double d => (object)(-d),
            _ => throw new ChatTemplateException($"Chat template: cannot negate a {TypeName(value)}."),
        };

        public static object? BinaryOp(string op, object? left, object? right)
        {
            switch (op)
            {
                case "~": return ToText(left) + ToText(right);
                case "==": return AreEqual(left, right);
                case "!=": return !AreEqual(left, right);
                case "in":
                    return right switch
                    {
                        string s => s.Contains(ToText(left), StringComparison.Ordinal),
                        List<object?> list => list.Any(item => AreEqual(item, left)),
                        Dictionary<string, object?> dict => dict.ContainsKey(ToText(left)),
                        _ => false,
                    };
                case "+" when left is string a && right is string b: return a + b;
                case "+" when left is List<object?> a && right is List<object?> b: return a.Concat(b).ToList();
            }
            if (left is long x && right is long y)
            {
                return op switch
                {
                    "+" => x + y, "-" => x - y, "*" => x * y, "//" => (long)Math.Floor((double)x / y),
                    "%" => ((x % y) + y) % y, "/" => (double)x / y,
                    "<" => x < y, ">" => x > y, "<=" => x <= y, ">=" => x >= y,
                    _ => throw Unsupported(),
                };
            }
            if (left is long or double && right is long or double)
            {
                double p = Convert.ToDouble(left, CultureInfo.InvariantCulture), q = Convert.ToDouble(right, CultureInfo.InvariantCulture);
                return op switch
                {
                    "+" => p + q, "-" => p - q, "*" => p * q, "/" => p / q, "//" => Math.Floor(p / q), "%" => p % q,
                    "<" => p < q, ">" => p > q, "<=" => p <= q, ">=" => p >= q,
                    _ => throw Unsupported(),
                };
            }
            if (left is string ls && right is string rs && op is "<" or ">" or "<=" or ">=")
            {
                int c = string.CompareOrdinal(ls, rs);
                return op switch { "<" => c < 0, ">" => c > 0, "<=" => c <= 0, _ => c >= 0 };
            }
            if (op == "*" && left is string repeated && right is long times) return string.Concat(Enumerable.Repeat(repeated, (int)times));
            throw Unsupported();

            ChatTemplateException Unsupported() => new($"Chat template: cannot apply '{op}' to a {TypeName(left)} and a {TypeName(right)}.");
        }

        // Python equality: numbers by value, lists and dicts by their contents.
        private static bool AreEqual(object? a, object? b)
        {
            if (a is long or double && b is long or double) return Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
            if (a is Undefined) a = null;
            if (b is Undefined) b = null;
            return (a, b) switch
            {
                (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => AreEqual(p.First, p.Second)),
                (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
                    x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var other) && AreEqual(p.Value, other)),
                _ => Equals(a, b),
            };
        }

        private static string TypeName(object? value) => value switch
        {
            null => "none",
            Undefined => "undefined value",
            string => "string",
            long => "integer",
            double => "float",
            bool => "boolean",
            List<object?> => "list",
            Dictionary<string, object?> => "dict",
            _ => value.GetType().Name,
        };
    }
}
