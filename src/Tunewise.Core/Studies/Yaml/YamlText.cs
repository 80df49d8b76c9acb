using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Tunewise.Studies.Yaml;

/// <summary>
/// Loads YAML text into YamlDotNet's node tree so that every malformed text fails the same way: a
/// <see cref="YamlException"/> with a position. YamlDotNet's scanner throws a bare <see cref="InvalidOperationException"/>
/// on some unterminated flow collections (for example <c>{ a: 1, b</c> at the end of the text); that becomes a
/// <see cref="YamlException"/> at the last event read before it, so callers report a line instead of crashing.
/// </summary>
public static class YamlText
{
    public static YamlStream Load(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        var parser = new PositionTrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (InvalidOperationException ex)
        {
            throw new YamlException(parser.LastGood, parser.LastGood,
                "the text ends or breaks inside a value or a { } / [ ] collection that is never closed", ex);
        }
        return stream;
    }

    /// <summary>Remembers where the last event it handed out ended.</summary>
    private sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark LastGood { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
                LastGood = current.End;
            return moved;
        }
    }
}
