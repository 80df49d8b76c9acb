namespace Tunewise.Models;

/// <summary>Why a model call failed, as recorded per example.</summary>
public enum ModelCallErrorKind
{
    Unknown,
    RateLimited,
    ServerError,
    Timeout,
    ConnectionFailed,
    MalformedResponse,
    Unauthorized,
    NotFound,
    BadRequest,
    BudgetExceeded,
}
