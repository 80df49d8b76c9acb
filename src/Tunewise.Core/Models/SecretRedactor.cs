using System.Text;
using System.Text.RegularExpressions;

namespace Tunewise.Models;

/// <summary>
/// Scrubs API keys from text that may leave the process (exception messages, logs, CLI output).
/// Known keys are removed along with any run of at least <see cref="MinimumPrefix"/> of their leading
/// characters, because providers echo masked keys ("sk-abcd****wxyz") in 401 bodies; common key and
/// header shapes are removed even when the key was never registered.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "[redacted]";
    public const int MinimumPrefix = 6;

    private readonly Lock _gate = new();
    private string[] _secrets = [];

    /// <summary>The process-wide redactor that key readers register with.</summary>
    public static SecretRedactor Default { get; } = new();

    public void Register(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length < MinimumPrefix)
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                _secrets = [.. _secrets, secret];
            }
        }
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        foreach (var secret in _secrets)
        {
            text = RedactPrefixes(text, secret);
        }

        text = BearerToken().Replace(text, "$1" + Mask);
        text = KeyAssignment().Replace(text, "$1" + Mask);
        return KeyShape().Replace(text, Mask);
    }

    private static string RedactPrefixes(string text, string secret)
    {
        var probe = secret[..MinimumPrefix];
        if (!text.Contains(probe, StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var at = text.IndexOf(probe, i, StringComparison.Ordinal);
            if (at < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, at - i).Append(Mask);
            // Drop the rest of the token too: masked keys continue with "****" and the key's tail.
            var end = at + probe.Length;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('"' or '\'' or ',' or ';'))
            {
                end++;
            }

            i = end;
        }

        return result.ToString();
    }

    [GeneratedRegex(@"(?i)(bearer\s+)[^\s""',;]+")]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"(?i)((?:api[_-]?key|x-api-key|authorization)[""']?\s*[:=]\s*[""']?)[^\s""',;]+")]
    private static partial Regex KeyAssignment();

    [GeneratedRegex(@"\b(?:sk|pk|rk)-[A-Za-z0-9_\-\*]{3,}")]
    private static partial Regex KeyShape();
}
