using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>
/// Keys and values of every layer for the tokens seen so far, plus which of those tokens are real
/// (not left padding). Its tensors live outside any dispose scope; dispose the cache when done.
/// </summary>
public sealed class KvCache : IDisposable
{
    private Tensor? _keyMask;
    private Tensor? _validCount;

    internal KvCache(int layers)
    {
        Layers = Enumerable.Range(0, layers).Select(_ => new Layer()).ToArray();
    }

    /// <summary>Tokens held per sequence (padding included).</summary>
    public long Length { get; private set; }

    internal Layer[] Layers { get; }

    /// <summary>[batch, Length] boolean, true for real tokens; null while no padding was ever seen.</summary>
    internal Tensor? KeyMask => _keyMask;

    /// <summary>[batch] count of real tokens per sequence, the next position id; null before the first step.</summary>
    internal Tensor? ValidCount => _validCount;

    internal void Advance(long newTokens, Tensor? keyMask, Tensor validCount)
    {
        Length += newTokens;
        Swap(ref _keyMask, keyMask);
        Swap(ref _validCount, validCount);
    }

    public void Dispose()
    {
        foreach (var layer in Layers) layer.Dispose();
        _keyMask?.Dispose();
        _validCount?.Dispose();
    }

    private static void Swap(ref Tensor? field, Tensor? value)
    {
        if (ReferenceEquals(field, value)) return;
        field?.Dispose();
        field = value?.DetachFromDisposeScope();
    }

    internal sealed class Layer : IDisposable
    {
        private Tensor? _keys;
        private Tensor? _values;

        public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values)
        {
            var allKeys = _keys is null ? keys.detach() : cat([_keys, keys.detach()], 2);
            var allValues = _values is null ? values.detach() : cat([_values, values.detach()], 2);
            Swap(ref _keys, allKeys.alias());
            Swap(ref _values, allValues.alias());
            return (allKeys, allValues);
        }

        public void Dispose()
        {
            _keys?.Dispose();
            _values?.Dispose();
        }
    }
}
