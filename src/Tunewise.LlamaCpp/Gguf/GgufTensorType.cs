namespace Tunewise.LlamaCpp.Gguf;

/// <summary>Tensor element types the writer can store; the numbers are ggml's type codes.</summary>
public enum GgufTensorType : uint
{
    F32 = 0,
    F16 = 1,
}
