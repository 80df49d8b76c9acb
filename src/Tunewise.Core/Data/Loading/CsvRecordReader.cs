using System.Text;

namespace Tunewise.Data.Loading;

/// <summary>
/// A streaming RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF
/// endings, and a leading byte-order mark. It reads the text in blocks, so file size does not matter.
/// A malformed record is returned with an error and the reader resumes at the next line, so a caller
/// can either stop or skip it.
/// </summary>
internal sealed class CsvRecordReader
{
    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted, SkipToLineEnd }

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[64 * 1024];
    private int _position;
    private int _length;
    private bool _endOfInput;
    private bool _atStart = true;
    private bool _skipLineFeed;
    private long _line = 1;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    public async ValueTask<CsvRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = await ReadOneAsync(cancellationToken).ConfigureAwait(false);
            // An empty physical line is not a record: it is usually a trailing newline.
            if (record is null || record.Error is not null || record.Fields.Count > 1 || record.Fields[0].Length > 0)
            {
                return record;
            }
        }
    }

    private async ValueTask<CsvRecord?> ReadOneAsync(CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var state = State.FieldStart;
        var startLine = _line;
        var started = false;
        string? error = null;

        while (true)
        {
            if (_position >= _length)
            {
                if (_endOfInput || !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!started)
                    {
                        return null;
                    }

                    if (state == State.Quoted)
                    {
                        return new CsvRecord(startLine, fields, "a quoted field is never closed (missing '\"')");
                    }

                    if (state != State.SkipToLineEnd)
                    {
                        fields.Add(field.ToString());
                    }

                    return new CsvRecord(startLine, fields, error);
                }
            }

            var c = _buffer[_position++];
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            if (_atStart)
            {
                _atStart = false;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }

            if (!started)
            {
                started = true;
                startLine = _line;
            }

            switch (state)
            {
                case State.FieldStart:
                    if (c == '"')
                    {
                        state = State.Quoted;
                    }
                    else if (c == ',')
                    {
                        fields.Add(string.Empty);
                    }
                    else if (c is '\r' or '\n')
                    {
                        EndOfLine(c);
                        fields.Add(string.Empty);
                        return new CsvRecord(startLine, fields, null);
                    }
                    else
                    {
                        field.Append(c);
                        state = State.Unquoted;
                    }

                    break;
                case State.Unquoted:
                    if (c == ',')
                    {
                        fields.Add(field.ToString());
                        field.Clear();
                        state = State.FieldStart;
                    }
                    else if (c is '\r' or '\n')
                    {
                        EndOfLine(c);
                        fields.Add(field.ToString());
                        return new CsvRecord(startLine, fields, null);
                    }
                    else if (c == '"')
                    {
                        error = $"field {fields.Count + 1} has a quote inside an unquoted value; quote the whole field and double the quote (\"\")";
                        state = State.SkipToLineEnd;
                    }
                    else
                    {
                        field.Append(c);
                    }

                    break;
                case State.Quoted:
                    if (c == '"')
                    {
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            _line++;
                        }

                        field.Append(c);
                    }

                    break;
                case State.QuoteInQuoted:
                    if (c == '"')
                    {
                        field.Append('"');
                        state = State.Quoted;
                    }
                    else if (c == ',')
                    {
                        fields.Add(field.ToString());
                        field.Clear();
                        state = State.FieldStart;
                    }
                    else if (c is '\r' or '\n')
                    {
                        EndOfLine(c);
                        fields.Add(field.ToString());
                        return new CsvRecord(startLine, fields, null);
                    }
                    else
                    {
                        error = $"field {fields.Count + 1} has text after its closing quote; expected ',' or the end of the line";
                        state = State.SkipToLineEnd;
                    }

                    break;
                case State.SkipToLineEnd:
                    if (c is '\r' or '\n')
                    {
                        EndOfLine(c);
                        return new CsvRecord(startLine, fields, error);
                    }

                    break;
            }
        }
    }

    private void EndOfLine(char c)
    {
        _line++;
        _skipLineFeed = c == '\r';
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        _position = 0;
        if (_length == 0)
        {
            _endOfInput = true;
            return false;
        }

        return true;
    }
}
