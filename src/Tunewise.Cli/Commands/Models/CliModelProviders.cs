using Tunewise.Models;

namespace Tunewise.Cli.Commands.Models;

/// <summary>The providers the CLI knows. Each provider project adds its one registration line here.</summary>
public static class CliModelProviders
{
    public static ModelProviderRegistry CreateRegistry() => ModelProviderRegistry.CreateDefault();
}
