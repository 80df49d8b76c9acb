using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Running;

/// <summary>
/// A backend created on first use: a study that never fine-tunes a model of <paramref name="name"/>'s kind never loads
/// its engine (for the lab, TorchSharp and libtorch).
/// </summary>
public sealed class DeferredFineTuneBackend(string name, Func<ModelSpec, bool> canTrain, Func<IFineTuneBackend> create) : IFineTuneBackend
{
    private readonly Lazy<IFineTuneBackend> _backend = new(create);

    public string Name => name;

    public bool CanTrain(ModelSpec baseModel) => canTrain(baseModel);

    public FineTuneOutcome Train(FineTuneJob job, IProgressReporter progress, CancellationToken cancellationToken) =>
        _backend.Value.Train(job, progress, cancellationToken);

    public bool IsAvailable(FineTuneOutcome outcome) => _backend.Value.IsAvailable(outcome);
}
