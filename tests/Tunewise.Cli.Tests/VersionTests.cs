using System.Reflection;
using System.Text.RegularExpressions;

namespace Tunewise.Cli.Tests;

public class VersionTests
{
    [Fact]
    public void Version_prints_the_informational_version_of_the_tool()
    {
        var (exitCode, output) = CliRun.Run("--version");

        string expected = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(expected, output.Trim());
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+"), output.Trim());
    }

    [Fact]
    public void Help_lists_the_version_option()
    {
        var (_, output) = CliRun.Run("--help");

        Assert.Contains("--version", output);
    }
}
