namespace Tunewise.Studies;

/// <summary>How a fine-tuning arm adapts its model.</summary>
public enum FineTuneMethod
{
    Full,
    Lora,
    Qlora,
}
