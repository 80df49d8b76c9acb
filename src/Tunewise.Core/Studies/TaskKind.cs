namespace Tunewise.Studies;

/// <summary>What the model is asked to do; it picks default metrics and the default prompt.</summary>
public enum TaskKind
{
    Classification,
    Extraction,
    Generation,
    Qa,
}
