using Tunewise.Evaluation.Summary;
using Tunewise.Results;
using Tunewise.Statistics;

namespace Tunewise.Core.Tests.Evaluation.Summary;

public class LearningCurveForecastTests
{
    // Scores on a power law: error = 2 · n^-0.5, so 0.8 at 100, 0.9 at 400, 0.95 at 1,600 and 0.975 at 6,400.
    private static LearningCurvePoint Point(int examples, double value, double halfWidth = 0.02) =>
        new(examples / 6400.0, examples, "accuracy", value, value - halfWidth, value + halfWidth, 500);

    [Fact]
    public void Points_on_a_power_law_predict_the_full_size_and_the_measured_score_stays_beside_it()
    {
        var prediction = LearningCurveForecast.Predict([Point(100, 0.8), Point(400, 0.9), Point(1600, 0.95), Point(6400, 0.9)])!;

        Assert.Equal("fit", prediction.Strength);
        Assert.Equal([100, 400, 1600], prediction.FittedSizes);
        Assert.Equal(6400, prediction.TrainExamples);
        Assert.Equal(0.975, prediction.Predicted!.Value, 3);
        Assert.Equal(0.5, prediction.Exponent!.Value, 3);
        Assert.Equal(1, prediction.RSquared!.Value, 3);
        Assert.Equal(0.9, prediction.Measured);
        Assert.StartsWith("predicted from a power law on the error over 100, 400 and 1600 training examples", prediction.Note);
    }

    [Fact]
    public void Scattered_points_give_a_weak_prediction_and_say_why()
    {
        var prediction = LearningCurveForecast.Predict([Point(100, 0.5), Point(200, 0.8), Point(400, 0.6), Point(800, 0.85), Point(3200, 0.9)])!;
        Assert.Equal("weak", prediction.Strength);
        Assert.NotNull(prediction.Predicted);
        Assert.Contains("do not lie on a power law", prediction.Note);
    }

    [Fact]
    public void Two_points_whose_intervals_overlap_do_not_measure_a_slope()
    {
        var weak = LearningCurveForecast.Predict([Point(100, 0.80, 0.1), Point(200, 0.85, 0.1), Point(400, 0.9)])!;
        Assert.Equal("weak", weak.Strength);
        Assert.Null(weak.RSquared);
        Assert.Contains("two points", weak.Note);

        var apart = LearningCurveForecast.Predict([Point(100, 0.8, 0.01), Point(400, 0.9, 0.01), Point(1600, 0.93)])!;
        Assert.Equal("fit", apart.Strength);
        Assert.Equal(0.95, apart.Predicted!.Value, 3);
    }

    [Fact]
    public void A_far_extrapolation_is_weak()
    {
        var prediction = LearningCurveForecast.Predict([Point(10, 0.4), Point(20, 0.55), Point(40, 0.68), Point(6400, 0.9)])!;
        Assert.Equal("weak", prediction.Strength);
        Assert.Contains("times beyond the largest size measured", prediction.Note);
    }

    [Fact]
    public void An_error_that_does_not_fall_predicts_nothing()
    {
        var prediction = LearningCurveForecast.Predict([Point(100, 0.9), Point(400, 0.8), Point(1600, 0.7), Point(6400, 0.6)])!;
        Assert.Equal("none", prediction.Strength);
        Assert.Null(prediction.Predicted);
        Assert.Contains("did not fall", prediction.Note);
    }

    [Fact]
    public void Fewer_than_two_smaller_sizes_give_no_prediction()
    {
        Assert.Null(LearningCurveForecast.Predict([Point(100, 0.8), Point(6400, 0.9)]));
        Assert.Null(LearningCurveForecast.Predict([]));
    }

    [Fact]
    public void The_power_law_fit_recovers_its_parameters()
    {
        var fit = PowerLawFit.Fit([(1, 3), (10, 3 * Math.Pow(10, -0.7)), (100, 3 * Math.Pow(100, -0.7))])!;
        Assert.Equal(3, fit.A, 6);
        Assert.Equal(0.7, fit.B, 6);
        Assert.Equal(1, fit.RSquared, 6);
        Assert.Null(PowerLawFit.Fit([(1, 1), (1, 2)]));
        Assert.Null(PowerLawFit.Fit([(1, 0), (2, 1)]));
    }
}
