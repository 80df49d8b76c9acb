using System.Globalization;
using Tunewise.Results;
using Tunewise.Studies;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tunewise.Reports.Exporters;

/// <summary>
/// <c>optimized/ARM.yaml</c> for each optimized arm: a study entry to paste into another study, with the searched template
/// and the chosen demonstrations. Written through YamlDotNet's emitter (no reflection, so the native build writes it too);
/// strings are double-quoted so a template's braces and colons read back as text.
/// </summary>
public sealed class OptimizedPromptExporter : IReportExporter
{
    public const string Folder = "optimized";

    public static OptimizedPromptExporter Default { get; } = new();

    public string Name => "optimized";

    public IEnumerable<ExportedFile> Export(ReportExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (export.Study is not { } study)
            yield break;
        foreach (var arm in export.Report.Summary.Arms.Where(a => a.Optimization is not null))
        {
            var spec = study.Arms.First(a => a.Name == arm.Name);
            yield return new ExportedFile(Path.Combine(Folder, arm.Name + ".yaml"), Render(spec, arm));
        }
    }

    public static string Render(ArmSpec spec, ArmSummary arm)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(arm);
        var result = arm.Optimization ?? throw new ArgumentException($"arm '{arm.Name}' was not optimized", nameof(arm));
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        text.Write(string.Create(CultureInfo.InvariantCulture,
            $"# Optimized on dev: {result.DevScore:0.000} over {result.DevExamples} dev examples; {result.Candidates} candidates, {result.Calls} calls.\n"));
        text.Write("# The test score is in report.json; the test set was evaluated once, with this prompt.\n");
        // A template is one line of YAML however long it is, as the study that uses it would write it.
        var emitter = new Emitter(text, EmitterSettings.Default.WithBestWidth(int.MaxValue).WithNewLine("\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        Pair(emitter, "name", Quoted(arm.Name + "-optimized"));
        Pair(emitter, "model", Quoted(spec.Model));
        emitter.Emit(Plain("prompt"));
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        if ((result.Template ?? spec.Prompt.Template) is { } template)
            Pair(emitter, "template", Quoted(template));
        if (spec.Prompt.System is { } system)
            Pair(emitter, "system", Quoted(system));
        Pair(emitter, "few_shot", Plain(result.Demonstrations.Count.ToString(CultureInfo.InvariantCulture)));
        emitter.Emit(Plain("demonstrations"));
        emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Flow));
        foreach (var id in result.Demonstrations)
            emitter.Emit(Quoted(id));
        emitter.Emit(new SequenceEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new SequenceEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Pair(IEmitter emitter, string key, Scalar value)
    {
        emitter.Emit(Plain(key));
        emitter.Emit(value);
    }

    private static Scalar Plain(string value) => new(null, null, value, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

    private static Scalar Quoted(string value) => new(null, null, value, ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true);
}
