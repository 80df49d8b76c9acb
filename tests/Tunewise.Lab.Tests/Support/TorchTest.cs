using Tunewise.Lab.Runtime;

namespace Tunewise.Lab.Tests.Support;

/// <summary>Base for tests that touch TorchSharp directly before any lab type does.</summary>
public abstract class TorchTest
{
    protected TorchTest() => TorchRuntime.EnsureLoadable();
}
