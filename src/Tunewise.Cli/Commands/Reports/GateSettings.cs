using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Reports;

namespace Tunewise.Cli.Commands.Reports;

/// <summary>The <c>--fail-under METRIC=VALUE</c> gates shared by <c>run</c> and <c>report</c>.</summary>
public abstract class GateSettings : CommandSettings
{
    [CommandOption("--fail-under <METRIC=VALUE>")]
    [Description("Exit 1 unless every arm that ran reaches VALUE on METRIC (e.g. accuracy=0.9); repeatable. Failures also appear in junit.xml.")]
    public string[] FailUnder { get; set; } = [];

    /// <summary>The parsed gates; valid once <see cref="Validate"/> has passed.</summary>
    public IReadOnlyList<MetricGate> Gates => MetricGate.ParseAll(FailUnder);

    public override ValidationResult Validate() =>
        MetricGate.FirstError(FailUnder) is { } error ? ValidationResult.Error(error) : ValidationResult.Success();
}
