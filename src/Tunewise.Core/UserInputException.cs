namespace Tunewise;

/// <summary>
/// An error the user can fix: a bad study, a malformed data row, a missing key. Its message says
/// where (file, line, field) and what was expected. The CLI maps it to exit code 1; anything else
/// is an internal error (exit code 2).
/// </summary>
public class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException(string message, Exception innerException) : base(message, innerException) { }
}
