using Tunewise.Lab.Tokenization;
using static Tunewise.Lab.Tests.Tokenization.Families.Conversations;

namespace Tunewise.Lab.Tests.Tokenization.Families;

/// <summary>
/// The Phi-3 / Phi-3.5 mini instruct format (Microsoft's model card, "Chat format"): &lt;|system|&gt;,
/// &lt;|user|&gt; and &lt;|assistant|&gt; tags each on their own line, every turn closed by &lt;|end|&gt; and a
/// newline; the prompt ends with &lt;|assistant|&gt; and a newline when asking for an answer, and with the
/// end-of-text token otherwise.
/// </summary>
public class Phi3ChatTemplateTests
{
    // Written for these tests in the shape of the Phi-3 tokenizer_config template (one line).
    private const string Template =
        "{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|>\n' + message['content'] + '<|end|>\n'}}" +
        "{% elif message['role'] == 'user' %}{{'<|user|>\n' + message['content'] + '<|end|>\n'}}" +
        "{% elif message['role'] == 'assistant' %}{{'<|assistant|>\n' + message['content'] + '<|end|>\n'}}{% endif %}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}";

    private static string Render(IReadOnlyList<ChatMessageText> messages, bool addGenerationPrompt) =>
        ChatTemplate.Parse(Template).Render(messages, addGenerationPrompt, "<s>", "<|endoftext|>");

    [Fact]
    public void A_user_turn_ends_with_the_assistant_tag_or_the_end_of_text_token()
    {
        Assert.Equal("<|user|>\nHi<|end|>\n<|assistant|>\n", Render([new("user", "Hi")], true));
        Assert.Equal("<|user|>\nHi<|end|>\n<|endoftext|>", Render([new("user", "Hi")], false));
    }

    [Fact]
    public void System_and_several_turns_keep_their_order_and_whitespace()
    {
        Assert.Equal(
            "<|system|>\nBe brief.<|end|>\n<|user|>\nHi <|end|>\n<|assistant|>\nHello.<|end|>\n<|user|>\nBye<|end|>\n<|assistant|>\n",
            Render([new("system", "Be brief."), new("user", "Hi "), new("assistant", "Hello."), new("user", "Bye")], true));
    }
}
