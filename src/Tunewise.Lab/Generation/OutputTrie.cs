namespace Tunewise.Lab.Generation;

/// <summary>
/// The token sequences of a fixed set of outputs (a classification task's labels), as a trie: at each step of decoding only
/// the tokens that continue some output are allowed, and the end-of-turn token only once an output is complete, so only
/// an output of the set can come out. Each output is tokenised on its own (its canonical tokenisation).
/// </summary>
internal sealed class OutputTrie
{
    private sealed class Node
    {
        public Dictionary<int, Node> Children { get; } = [];
        public bool Complete { get; set; }
    }

    private readonly Node _root = new();

    public OutputTrie(IEnumerable<IReadOnlyList<int>> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        foreach (var sequence in sequences)
        {
            if (sequence.Count == 0)
                continue;
            var node = _root;
            foreach (var token in sequence)
            {
                if (!node.Children.TryGetValue(token, out var next))
                    node.Children[token] = next = new Node();
                node = next;
            }
            node.Complete = true;
            LongestOutput = Math.Max(LongestOutput, sequence.Count);
        }
        if (_root.Children.Count == 0)
            throw new ArgumentException("a constrained generation needs at least one non-empty output", nameof(sequences));
    }

    /// <summary>The most tokens any output takes.</summary>
    public int LongestOutput { get; }

    /// <summary>A decoding position in the trie, starting at the root.</summary>
    public sealed class Cursor(OutputTrie trie)
    {
        private Node _node = trie._root;

        /// <summary>True when the tokens so far spell a whole output.</summary>
        public bool Complete => _node.Complete;

        /// <summary>True when no token can follow: the output is finished.</summary>
        public bool Exhausted => _node.Children.Count == 0;

        /// <summary>Sets every logit the trie does not allow here to −∞; <paramref name="eos"/> stays when an output is complete.</summary>
        public void Mask(Span<float> logits, IReadOnlySet<int> eos)
        {
            for (var i = 0; i < logits.Length; i++)
            {
                if (!_node.Children.ContainsKey(i) && !(_node.Complete && eos.Contains(i)))
                    logits[i] = float.NegativeInfinity;
            }
        }

        public void Advance(int token)
        {
            if (!_node.Children.TryGetValue(token, out var next))
                throw new InvalidOperationException($"token {token} does not continue any allowed output");
            _node = next;
        }
    }
}
