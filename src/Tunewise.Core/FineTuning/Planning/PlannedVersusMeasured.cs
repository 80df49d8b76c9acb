using Tunewise.Studies;

namespace Tunewise.FineTuning.Planning;

/// <summary>
/// The planner's peak-memory estimate next to a measured peak (for example the lab engine's on
/// its CPU fp32 model), so a report can show how far the planner is from reality.
/// </summary>
public sealed record PlannedVersusMeasured(FineTuneMethod Method, long PlannedBytes, long MeasuredBytes)
{
    /// <summary>Planned ÷ measured: above 1 the planner overestimates.</summary>
    public double Ratio => MeasuredBytes == 0 ? double.NaN : PlannedBytes / (double)MeasuredBytes;

    /// <summary>True when the plan is within ±<paramref name="tolerance"/> (0.3 = 30%) of the measurement.</summary>
    public bool IsWithin(double tolerance) => MeasuredBytes > 0 && Math.Abs(PlannedBytes - MeasuredBytes) <= tolerance * MeasuredBytes;

    /// <summary>Plans the lab's settings (<see cref="PlanRequest.LabCpu"/>) and pairs the estimate with a measurement.</summary>
    public static PlannedVersusMeasured ForLab(ModelArchitecture labModel, PlanRequest labRequest, long measuredPeakBytes)
    {
        var planned = TrainingPlanner.EstimateMemory(labModel, labRequest).Total;
        return new PlannedVersusMeasured(labRequest.Method, planned, measuredPeakBytes);
    }
}
