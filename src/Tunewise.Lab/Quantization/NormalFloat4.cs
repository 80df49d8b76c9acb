namespace Tunewise.Lab.Quantization;

/// <summary>
/// The 4-bit NormalFloat (NF4) data type: 16 code values that are quantiles of a standard normal
/// distribution, normalised to [-1, 1], with 0 exactly representable.
/// </summary>
public static class NormalFloat4
{
    /// <summary>Weights per quantization block, each block with its own absmax scale.</summary>
    public const int BlockSize = 64;

    /// <summary>
    /// The NF4 code book, exactly as published in Dettmers et al. 2023, "QLoRA: Efficient Finetuning
    /// of Quantized LLMs", Appendix E, and as shipped by bitsandbytes (<c>get_4bit_type("nf4")</c>
    /// in <c>bitsandbytes/functional.py</c>). Sorted ascending; index 7 is exactly 0.
    /// </summary>
    public static ReadOnlySpan<float> CodeBook =>
    [
        -1.0f,
        -0.6961928009986877f,
        -0.5250730514526367f,
        -0.39491748809814453f,
        -0.28444138169288635f,
        -0.18477343022823334f,
        -0.09105003625154495f,
        0.0f,
        0.07958029955625534f,
        0.16093020141124725f,
        0.24611230194568634f,
        0.33791524171829224f,
        0.44070982933044434f,
        0.5626170039176941f,
        0.7229568362236023f,
        1.0f,
    ];

    /// <summary>Half the widest gap between adjacent code values: the worst rounding error of a normalised weight.</summary>
    public static float MaxNormalisedError
    {
        get
        {
            var book = CodeBook;
            var widest = 0f;
            for (var i = 1; i < book.Length; i++) widest = Math.Max(widest, book[i] - book[i - 1]);
            return widest / 2;
        }
    }

    /// <summary>The code whose value is nearest to <paramref name="normalised"/> (a weight divided by its block's absmax).</summary>
    public static byte NearestCode(float normalised)
    {
        var book = CodeBook;
        // Midpoints between neighbours decide the nearest code; a linear scan over 15 midpoints is cheap.
        byte code = 0;
        for (var i = 1; i < book.Length; i++)
        {
            if (normalised > (book[i - 1] + book[i]) / 2) code = (byte)i;
            else break;
        }
        return code;
    }
}
