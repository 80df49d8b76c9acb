using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Running;

/// <summary>Several backends behind one: each arm goes to the first backend that trains it.</summary>
public sealed class FineTuneBackends(params IFineTuneBackend[] backends) : IFineTuneBackend
{
    public string Name => string.Join("+", backends.Select(b => b.Name));

    public bool CanTrain(ModelSpec baseModel) => backends.Any(b => b.CanTrain(baseModel));

    public bool Trains(ModelSpec baseModel, FineTuneSpec spec) => backends.Any(b => b.Trains(baseModel, spec));

    public FineTuneOutcome Train(FineTuneJob job, IProgressReporter progress, CancellationToken cancellationToken) =>
        backends.First(b => b.Trains(job.BaseModel, job.Spec)).Train(job, progress, cancellationToken);

    public bool IsAvailable(FineTuneOutcome outcome) =>
        backends.FirstOrDefault(b => b.Name == outcome.Backend)?.IsAvailable(outcome) ?? false;
}
