namespace Tunewise.Testing;

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
