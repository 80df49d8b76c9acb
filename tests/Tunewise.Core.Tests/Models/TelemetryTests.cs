using System.Collections.Concurrent;
using System.Diagnostics;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models;

public class TelemetryTests
{
    [Fact]
    public async Task OpenTelemetry_spans_follow_the_gen_ai_conventions_only_when_switched_on()
    {
        var source = $"tunewise-test-{Guid.NewGuid():N}";
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await FaultyOpenAIServer.StartAsync();

        await FaultServerClients.Builder(server).WithOpenTelemetry(enabled: false, sourceName: source).Build()
            .GetResponseAsync(FaultServerClients.Ask("quiet"));
        Assert.Empty(spans);

        await FaultServerClients.Builder(server).WithOpenTelemetry(sourceName: source).Build()
            .GetResponseAsync(FaultServerClients.Ask("traced"));

        var span = Assert.Single(spans);
        Assert.Equal(FaultServerClients.Model, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(7, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
