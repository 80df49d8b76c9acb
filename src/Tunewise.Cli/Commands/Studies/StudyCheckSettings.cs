namespace Tunewise.Cli.Commands.Studies;

public sealed class StudyCheckSettings : StudySettings
{
}
