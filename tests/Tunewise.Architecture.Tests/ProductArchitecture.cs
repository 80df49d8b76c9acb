using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Microsoft.Extensions.AI;
using Tunewise.Studies;

namespace Tunewise.Architecture.Tests;

/// <summary>
/// The product's assemblies as ArchUnitNET reads them from their IL, loaded once for every rule, together with the
/// outside assemblies the rules name (the chat abstraction, the two ML engines and System.Console), so a dependency on
/// one of their types is a dependency on a known type.
/// </summary>
internal static class ProductArchitecture
{
    public static System.Reflection.Assembly Core { get; } = typeof(Study).Assembly;
    public static System.Reflection.Assembly Lab { get; } = typeof(Tunewise.Lab.Chat.LabModels).Assembly;
    public static System.Reflection.Assembly LlamaCpp { get; } = typeof(Tunewise.LlamaCpp.LlamaCppProvider).Assembly;
    public static System.Reflection.Assembly Baselines { get; } = typeof(Tunewise.Baselines.MlNetBaselineTrainer).Assembly;
    public static System.Reflection.Assembly Cli { get; } = typeof(Tunewise.Cli.ExitCodes).Assembly;

    public static ArchUnitNET.Domain.Architecture Model { get; } = new ArchLoader()
        .LoadAssemblies(
            Core, Lab, LlamaCpp, Baselines, Cli,
            typeof(IChatClient).Assembly,
            typeof(TorchSharp.torch).Assembly,
            typeof(LLama.LLamaWeights).Assembly,
            typeof(Console).Assembly)
        .Build();

    /// <summary>The Core types, by the namespace each lives in.</summary>
    public static IReadOnlyList<IType> CoreTypes { get; } =
        Model.Types.Where(t => t.Assembly.FullName == Core.FullName).ToList();
}
