using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Tunewise.Lab.Runtime;

/// <summary>
/// The single gate in front of TorchSharp. Every lab entry point calls <see cref="EnsureLoadable"/>;
/// a module initializer also runs it as soon as the lab assembly is used, so programs and tests need
/// no manual step.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _ready;
    private static Exception? _failure;

    /// <summary>Libraries patched by this process (empty on systems that need no patch).</summary>
    public static IReadOnlyList<string> PatchedLibraries { get; private set; } = [];

    /// <summary>Prepares the native libraries once, then checks that torch really loads.</summary>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (_ready) return;
            if (_failure is not null) throw new NativeLibraryException(_failure.Message, _failure);
            try
            {
                PatchedLibraries = NativeLibraryFixer.FixForThisSystem();
                // Touches the native bridge: if loading still fails, it fails here with TorchSharp's own message.
                using var probe = ones(1);
                _ready = true;
            }
            catch (Exception ex)
            {
                _failure = ex;
                throw ex as NativeLibraryException ?? new NativeLibraryException(
                    $"TorchSharp's native libraries could not be loaded: {ex.Message} See docs/native-libraries.md.", ex);
            }
        }
    }

#pragma warning disable CA2255 // The lab library must patch native code before any caller touches TorchSharp.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void InitializeOnFirstUse()
    {
        try
        {
            EnsureLoadable();
        }
        catch (NativeLibraryException)
        {
            // Reported again, with the same message, by the first entry point that calls EnsureLoadable.
        }
    }
}
