using System.Security.Cryptography;
using System.Text;

namespace Tunewise.Data;

/// <summary>
/// Content identity of an example: SHA-256 over its normalised fields (sorted by name), so the same
/// example gets the same hash whatever the column order, case or spacing.
/// </summary>
public static class ExampleContent
{
    /// <summary>Full hex SHA-256 of the normalised fields, leaving out <paramref name="ignoreField"/> (an id column).</summary>
    public static string Hash(IReadOnlyDictionary<string, string> fields, string? ignoreField = null) =>
        Hash(fields, fields.Keys.Where(k => k != ignoreField));

    /// <summary>Full hex SHA-256 of only <paramref name="contentFields"/> (a missing field counts as empty).</summary>
    public static string Hash(IReadOnlyDictionary<string, string> fields, IEnumerable<string> contentFields)
    {
        var builder = new StringBuilder();
        foreach (var key in contentFields.Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal))
        {
            builder.Append(key).Append('\u001F').Append(TextNormalizer.Normalize(fields.GetValueOrDefault(key, string.Empty))).Append('\u001E');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>The id given to an example without an id field: the first 16 hex characters of its content hash.</summary>
    public static string Id(IReadOnlyDictionary<string, string> fields, string? ignoreField = null) =>
        Hash(fields, ignoreField)[..16];
}
