using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Tunewise.Studies;

namespace Tunewise.Arms;

/// <summary>Prepares each arm with the first preparer that handles it; an arm none handles runs as the study declares it.</summary>
public sealed class CompositeArmPreparer : IArmPreparer
{
    public CompositeArmPreparer(params IEnumerable<IArmPreparer> preparers)
    {
        ArgumentNullException.ThrowIfNull(preparers);
        Preparers = [.. preparers];
        if (Preparers.Any(p => p is null))
            throw new ArgumentException("a preparer is null", nameof(preparers));
    }

    public ImmutableArray<IArmPreparer> Preparers { get; }

    public bool Prepares(ArmSpec arm) => true;

    public async IAsyncEnumerable<PreparedArm> PrepareAsync(ArmPreparation preparation, ArmSpec arm, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        ArgumentNullException.ThrowIfNull(arm);
        if (Preparers.FirstOrDefault(p => p.Prepares(arm)) is not { } preparer)
        {
            yield return new PreparedArm(arm, preparation.Study.ModelOf(arm));
            yield break;
        }
        await foreach (var prepared in preparer.PrepareAsync(preparation, arm, cancellationToken).ConfigureAwait(false))
            yield return prepared;
    }
}
