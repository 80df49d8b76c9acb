namespace Tunewise.Testing;

/// <summary>What a <see cref="ReplayServer"/> answers: a status, a recorded body, and extra headers.</summary>
public sealed record ReplayResponse(int Status, string Body, string ContentType = "application/json",
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Reads a recorded body from a file copied next to the test assembly.</summary>
    public static ReplayResponse FromFile(string relativePath, int status = 200, string contentType = "application/json",
        IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath)), contentType, headers);
}
