using Tunewise.Lab.Tokenization;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Tokenization;

public class BpeTrainerTests
{
    private const string Corpus = "<|doc|>\n<|user|>\nCopy the text exactly.\napple river apple\n<|assistant|>\napple river apple<|end|>\n" +
        "<|doc|>\n<|user|>\nWhat is 12 + 30?\n<|assistant|>\n42<|end|>\n";

    private static readonly string[] Specials = ["<|doc|>", "<|user|>", "<|assistant|>", "<|end|>", "<|pad|>"];

    private static LabTokenizer TrainAndLoad(TempDirectory directory, string corpus, int vocabSize)
    {
        BpeTrainer.Train(corpus, vocabSize, Specials).Write(directory.Path, "", "<|end|>", "<|pad|>");
        return LabTokenizer.Load(directory.Path);
    }

    [Fact]
    public void The_vocabulary_has_exactly_the_requested_size_with_each_special_token_one_id()
    {
        using var directory = new TempDirectory();
        var words = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i * 7919 % 1000}x"));
        var corpus = string.Concat(Enumerable.Repeat(Corpus, 20)) + words;

        var tokenizer = TrainAndLoad(directory, corpus, 300);

        Assert.Equal(300, tokenizer.VocabSize);
        foreach (var special in Specials)
            Assert.Single(tokenizer.Encode(special));
        Assert.Equal(tokenizer.Tokenizer.TokenToId("<|end|>"), tokenizer.EosId);
    }

    [Fact]
    public void Frequent_words_become_single_tokens_and_any_text_round_trips()
    {
        using var directory = new TempDirectory();
        var tokenizer = TrainAndLoad(directory, string.Concat(Enumerable.Repeat(Corpus, 50)), 300);

        Assert.Single(tokenizer.Encode(" apple"));
        foreach (var text in new[] { Corpus, "unseen wörds ✓ and \t tabs\n", "<|user|>\nzebra<|end|>" })
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text), skipSpecialTokens: false));
    }

    [Fact]
    public void The_same_corpus_gives_byte_identical_tokenizer_files()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var corpus = string.Concat(Enumerable.Repeat(Corpus, 10));

        BpeTrainer.Train(corpus, 290, Specials).Write(first.Path, "", "<|end|>", "<|pad|>");
        BpeTrainer.Train(corpus, 290, Specials).Write(second.Path, "", "<|end|>", "<|pad|>");

        Assert.Equal(File.ReadAllBytes(first.File("tokenizer.json")), File.ReadAllBytes(second.File("tokenizer.json")));
        Assert.Equal(File.ReadAllBytes(first.File("tokenizer_config.json")), File.ReadAllBytes(second.File("tokenizer_config.json")));
    }

    [Fact]
    public void Merging_stops_when_every_word_is_one_token()
    {
        var vocabulary = BpeTrainer.Train("ab ab ab", 400, Specials);

        Assert.Equal(256 + 2 + Specials.Length, vocabulary.VocabSize); // "ab", then "Ġab"
    }

    [Fact]
    public void A_vocabulary_too_small_for_bytes_and_specials_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BpeTrainer.Train(Corpus, 200, Specials));
        Assert.Contains("256 byte symbols", error.Message);
    }
}
