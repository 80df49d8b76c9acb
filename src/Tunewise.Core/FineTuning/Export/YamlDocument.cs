using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tunewise.FineTuning.Export;

/// <summary>
/// Writes an export config (nested dictionaries, lists and scalars) as block YAML through YamlDotNet's emitter, with no
/// reflection, so the native build writes it too. A string that YAML would read as something else (a number, a boolean,
/// null) is double-quoted; every other scalar is written plain where YAML allows.
/// </summary>
internal static partial class YamlDocument
{
    public static string Write(object document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        WriteValue(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteValue(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case string text:
                emitter.Emit(new Scalar(null, null, text, ReadsAsAnotherType(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true));
                break;
            case bool flag:
                emitter.Emit(new Scalar(flag ? "true" : "false"));
                break;
            case IFormattable number:
                emitter.Emit(new Scalar(Format(number)));
                break;
            case IDictionary map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (DictionaryEntry entry in map)
                {
                    WriteValue(emitter, Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
                    WriteValue(emitter, entry.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable items:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in items) WriteValue(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new ArgumentException($"YAML export: values of type {value.GetType().Name} are not supported.", nameof(value));
        }
    }

    private static string Format(IFormattable number) => number switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        _ => number.ToString(null, CultureInfo.InvariantCulture),
    };

    /// <summary>Null, booleans and numbers of YAML's core schema, and the empty string.</summary>
    private static bool ReadsAsAnotherType(string text) => text.Length == 0 || CoreSchemaScalar().IsMatch(text);

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?(\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN)$")]
    private static partial Regex CoreSchemaScalar();
}
