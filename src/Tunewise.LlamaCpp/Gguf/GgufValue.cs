using System.Collections.Immutable;

namespace Tunewise.LlamaCpp.Gguf;

/// <summary>
/// One typed metadata value. Arrays hold elements of a single type, as the format requires;
/// nested arrays are allowed.
/// </summary>
public sealed record GgufValue
{
    private GgufValue(GgufValueType type, object value, GgufValueType? elementType = null)
    {
        Type = type;
        Value = value;
        ElementType = elementType;
    }

    public GgufValueType Type { get; }

    /// <summary>The boxed scalar, string, or <see cref="ImmutableArray{T}"/> of <see cref="GgufValue"/>.</summary>
    public object Value { get; }

    /// <summary>Element type of an array value; null for scalars.</summary>
    public GgufValueType? ElementType { get; }

    public static GgufValue UInt8(byte value) => new(GgufValueType.UInt8, value);
    public static GgufValue Int8(sbyte value) => new(GgufValueType.Int8, value);
    public static GgufValue UInt16(ushort value) => new(GgufValueType.UInt16, value);
    public static GgufValue Int16(short value) => new(GgufValueType.Int16, value);
    public static GgufValue UInt32(uint value) => new(GgufValueType.UInt32, value);
    public static GgufValue Int32(int value) => new(GgufValueType.Int32, value);
    public static GgufValue UInt64(ulong value) => new(GgufValueType.UInt64, value);
    public static GgufValue Int64(long value) => new(GgufValueType.Int64, value);
    public static GgufValue Float32(float value) => new(GgufValueType.Float32, value);
    public static GgufValue Float64(double value) => new(GgufValueType.Float64, value);
    public static GgufValue Bool(bool value) => new(GgufValueType.Bool, value);

    public static GgufValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(GgufValueType.String, value);
    }

    /// <summary>An array whose elements all have <paramref name="elementType"/>.</summary>
    /// <exception cref="ArgumentException">An element has a different type.</exception>
    public static GgufValue Array(GgufValueType elementType, IEnumerable<GgufValue> elements)
    {
        var items = elements.ToImmutableArray();
        if (items.FirstOrDefault(e => e.Type != elementType) is { } wrong)
        {
            throw new ArgumentException($"a GGUF array of {elementType} cannot hold a {wrong.Type} element.", nameof(elements));
        }

        return new(GgufValueType.Array, items, elementType);
    }

    public static GgufValue Strings(IEnumerable<string> values) => Array(GgufValueType.String, values.Select(String));
    public static GgufValue Int32s(IEnumerable<int> values) => Array(GgufValueType.Int32, values.Select(Int32));
    public static GgufValue UInt32s(IEnumerable<uint> values) => Array(GgufValueType.UInt32, values.Select(UInt32));
    public static GgufValue Float32s(IEnumerable<float> values) => Array(GgufValueType.Float32, values.Select(Float32));
}
