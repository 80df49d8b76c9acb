namespace Tunewise.FakeOpenAI;

public enum InjectedFault
{
    None,
    RateLimit,
    ServerError,
    Unavailable,
    Slow,
    Truncated,
    Drop,
}
