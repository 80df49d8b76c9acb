using Tunewise.Models.Middleware;

namespace Tunewise.Core.Tests.Models.Middleware;

public class AdaptiveTimeoutTests
{
    [Fact]
    public void It_starts_at_the_initial_value_then_follows_four_times_the_p95_between_floor_and_ceiling()
    {
        var timeout = new AdaptiveTimeout(new AdaptiveTimeoutOptions
        {
            Floor = TimeSpan.FromMilliseconds(100), Initial = TimeSpan.FromSeconds(30), Ceiling = TimeSpan.FromSeconds(2), MinSamples = 20,
        });
        Assert.Equal(TimeSpan.FromSeconds(30), timeout.Current);

        for (var i = 1; i <= 20; i++) timeout.RecordSuccess(TimeSpan.FromMilliseconds(i * 10)); // p95 = 190 ms
        Assert.Equal(TimeSpan.FromMilliseconds(760), timeout.Current);

        for (var i = 0; i < 200; i++) timeout.RecordSuccess(TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(100), timeout.Current); // 4 × 5 ms is under the floor

        for (var i = 0; i < 200; i++) timeout.RecordSuccess(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), timeout.Current); // 4 × 1 s is over the ceiling
    }

    [Fact]
    public void A_floor_above_the_initial_value_and_the_ceiling_holds_from_the_first_call()
    {
        var timeout = new AdaptiveTimeout(new AdaptiveTimeoutOptions
        {
            Floor = TimeSpan.FromMinutes(20), Initial = TimeSpan.FromMinutes(10), Ceiling = TimeSpan.FromMinutes(10), MinSamples = 1,
        });
        Assert.Equal(TimeSpan.FromMinutes(20), timeout.Current);

        timeout.RecordSuccess(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromMinutes(20), timeout.Current);
    }
}
