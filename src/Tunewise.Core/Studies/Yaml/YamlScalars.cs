using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tunewise.Studies.Yaml;

/// <summary>
/// Typing of plain YAML scalars by the YAML 1.2 core schema: quoted scalars are always text, plain
/// ones may be null, a boolean or a number. The loader and the JSON conversion share these rules so
/// that a study means the same thing to Tunewise and to an editor using the JSON Schema.
/// </summary>
internal static partial class YamlScalars
{
    public static bool IsPlain(YamlScalarNode node) => node.Style is ScalarStyle.Plain or ScalarStyle.Any;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar && IsPlain(scalar) && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static bool TryBool(YamlScalarNode node, out bool value)
    {
        value = false;
        if (!IsPlain(node))
        {
            return false;
        }
        switch (node.Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                return true;
            default:
                return false;
        }
    }

    public static bool TryInteger(YamlScalarNode node, out long value)
    {
        value = 0;
        return IsPlain(node) && node.Value is { } text && IntegerPattern().IsMatch(text)
            && long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryNumber(YamlScalarNode node, out double value)
    {
        value = 0;
        return IsPlain(node) && node.Value is { } text && NumberPattern().IsMatch(text)
            && double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryDecimal(YamlScalarNode node, out decimal value)
    {
        value = 0;
        return IsPlain(node) && node.Value is { } text && NumberPattern().IsMatch(text)
            && decimal.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
