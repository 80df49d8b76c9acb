using System.Runtime.CompilerServices;

namespace Tunewise.Data.Loading;

/// <summary>Turns CSV records into rows keyed by the header's column names.</summary>
internal static class CsvRowReader
{
    public static async IAsyncEnumerable<RawRow> ReadAsync(
        TextReader reader, string sourceName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var records = new CsvRecordReader(reader);
        var header = await records.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            yield break;
        }

        if (header.Error is not null)
        {
            throw new DataFormatException(new SourceLocation(sourceName, header.Line), null, $"the header row is malformed: {header.Error}");
        }

        var columns = header.Fields.Select(f => f.Trim()).ToArray();
        var duplicate = columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DataFormatException(new SourceLocation(sourceName, header.Line), duplicate.Key, "appears twice in the header row; column names must be unique");
        }

        while (await records.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            var source = new SourceLocation(sourceName, record.Line);
            if (record.Error is not null)
            {
                yield return RawRow.Malformed(source, null, record.Error);
                continue;
            }

            if (record.Fields.Count != columns.Length)
            {
                yield return RawRow.Malformed(source, null,
                    $"has {record.Fields.Count} fields but the header has {columns.Length} ({string.Join(", ", columns)}); a field with a comma or line break must be quoted");
                continue;
            }

            var fields = new Dictionary<string, string>(columns.Length, StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                fields[columns[i]] = record.Fields[i];
            }

            yield return new RawRow(source, fields);
        }
    }
}
