namespace Tunewise.Lab.Runtime;

/// <summary>The lab's native libraries cannot be prepared or loaded; the message says what to do.</summary>
public sealed class NativeLibraryException : Exception
{
    public NativeLibraryException(string message) : base(message) { }

    public NativeLibraryException(string message, Exception innerException) : base(message, innerException) { }
}
