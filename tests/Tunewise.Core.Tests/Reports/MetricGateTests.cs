using Tunewise.Reports;
using static Tunewise.Core.Tests.Reports.ReportSamples;

namespace Tunewise.Core.Tests.Reports;

public class MetricGateTests
{
    [Theory]
    [InlineData("accuracy=0.9", "accuracy", 0.9)]
    [InlineData(" macro_f1 = 0.75 ", "macro_f1", 0.75)]
    [InlineData("rouge_l=1e-1", "rouge_l", 0.1)]
    public void Well_formed_values_parse(string text, string metric, double threshold)
    {
        Assert.True(MetricGate.TryParse(text, out var gate, out var error));
        Assert.Null(error);
        Assert.Equal(new MetricGate(metric, threshold), gate);
    }

    [Theory]
    [InlineData("accuracy")]
    [InlineData("=0.9")]
    [InlineData("accuracy=")]
    [InlineData("accuracy=high")]
    [InlineData("accuracy=0,9")]
    [InlineData("accuracy=NaN")]
    [InlineData("accuracy=Infinity")]
    public void Malformed_values_are_refused_naming_the_option_and_the_value(string text)
    {
        Assert.False(MetricGate.TryParse(text, out var gate, out var error));
        Assert.Null(gate);
        Assert.Contains("--fail-under", error);
        Assert.Contains(text, error);
        var thrown = Assert.Throws<FormatException>(() => MetricGate.ParseAll(["accuracy=0.9", text]));
        Assert.Equal(error, thrown.Message);
        Assert.Equal(error, MetricGate.FirstError(["accuracy=0.9", text]));
    }

    [Fact]
    public void Every_arm_that_ran_must_reach_the_threshold()
    {
        var report = Report("s", Arm("good", 0.95), Arm("weak", 0.5));

        var outcomes = MetricGate.CheckAll(report, [new MetricGate("accuracy", 0.9)]);

        Assert.Equal([true, false], outcomes.Select(o => o.Passed));
        Assert.Equal("arm weak accuracy = 0.500 < 0.9", outcomes[1].Message);
    }
}
