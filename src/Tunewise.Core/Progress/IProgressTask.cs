namespace Tunewise.Progress;

/// <summary>One unit of long work; disposing it marks it finished.</summary>
public interface IProgressTask : IDisposable
{
    void Increment(double amount = 1);

    void Describe(string description);
}
