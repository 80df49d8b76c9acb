using Spectre.Console.Cli;

namespace Tunewise.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config => config.SetApplicationName("tunewise"));
        return app.Run(args);
    }
}
