using Tunewise.Lab.Tokenization;
using static Tunewise.Lab.Tests.Tokenization.Families.Conversations;

namespace Tunewise.Lab.Tests.Tokenization.Families;

/// <summary>
/// The Gemma 2 and Gemma 3 instruction formats (Google's Gemma "formatting and system instructions"
/// page): &lt;start_of_turn&gt;user / &lt;start_of_turn&gt;model turns closed by &lt;end_of_turn&gt; and a
/// newline, trimmed contents, alternating roles. Gemma 2 has no system role and refuses one; Gemma 3
/// puts the system text at the start of the first user turn, followed by a blank line.
/// </summary>
public class GemmaChatTemplateTests
{
    // Written for these tests in the shape of the Gemma 2 tokenizer_config template (one line, no whitespace control).
    private const string Gemma2 =
        "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}" +
        "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}" +
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}" +
        "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}" +
        "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}";

    // Written for these tests in the shape of the Gemma 3 template: system folded in, text and image parts.
    private const string Gemma3 = """
        {{ bos_token }}
        {%- if messages[0]['role'] == 'system' -%}
            {%- if messages[0]['content'] is string -%}
                {%- set first_user_prefix = messages[0]['content'] + '\n\n' -%}
            {%- else -%}
                {%- set first_user_prefix = messages[0]['content'][0]['text'] + '\n\n' -%}
            {%- endif -%}
            {%- set loop_messages = messages[1:] -%}
        {%- else -%}
            {%- set first_user_prefix = "" -%}
            {%- set loop_messages = messages -%}
        {%- endif -%}
        {%- for message in loop_messages -%}
            {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}
                {{ raise_exception("Conversation roles must alternate user/assistant/user/assistant/...") }}
            {%- endif -%}
            {%- if (message['role'] == 'assistant') -%}
                {%- set role = "model" -%}
            {%- else -%}
                {%- set role = message['role'] -%}
            {%- endif -%}
            {{ '<start_of_turn>' + role + '\n' + (first_user_prefix if loop.first else "") }}
            {%- if message['content'] is string -%}
                {{ message['content'] | trim }}
            {%- elif message['content'] is iterable -%}
                {%- for item in message['content'] -%}
                    {%- if item['type'] == 'image' -%}
                        {{ '<start_of_image>' }}
                    {%- elif item['type'] == 'text' -%}
                        {{ item['text'] | trim }}
                    {%- endif -%}
                {%- endfor -%}
            {%- else -%}
                {{ raise_exception("Invalid content type") }}
            {%- endif -%}
            {{ '<end_of_turn>\n' }}
        {%- endfor -%}
        {%- if add_generation_prompt -%}
            {{'<start_of_turn>model\n'}}
        {%- endif -%}
        """;

    private static string Render(string template, object?[] messages, bool addGenerationPrompt) =>
        ChatTemplate.Parse(template).Render([], addGenerationPrompt, "<bos>", "<eos>", With(messages));

    [Theory]
    [InlineData(Gemma2)]
    [InlineData(Gemma3)]
    public void A_user_turn_is_followed_by_a_model_turn_only_with_the_generation_prompt(string template)
    {
        Assert.Equal("<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n", Render(template, [Turn("user", " Hi\n")], true));
        Assert.Equal("<bos><start_of_turn>user\nHi<end_of_turn>\n", Render(template, [Turn("user", "Hi")], false));
    }

    [Theory]
    [InlineData(Gemma2)]
    [InlineData(Gemma3)]
    public void The_assistant_is_called_model_over_several_turns(string template)
    {
        Assert.Equal(
            "<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\nHello.<end_of_turn>\n<start_of_turn>user\nBye<end_of_turn>\n<start_of_turn>model\n",
            Render(template, [Turn("user", "Hi"), Turn("assistant", "Hello. "), Turn("user", "Bye")], true));
    }

    [Fact]
    public void Gemma2_refuses_a_system_message_and_turns_out_of_order()
    {
        var system = Assert.Throws<ChatTemplateException>(() => Render(Gemma2, [Turn("system", "Be brief."), Turn("user", "Hi")], true));
        Assert.Contains("System role not supported", system.Message);
        var order = Assert.Throws<ChatTemplateException>(() => Render(Gemma2, [Turn("assistant", "Hello"), Turn("user", "Hi")], true));
        Assert.Contains("Conversation roles must alternate", order.Message);
    }

    [Fact]
    public void Gemma3_puts_the_system_text_at_the_start_of_the_first_user_turn()
    {
        Assert.Equal(
            "<bos><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello.<end_of_turn>\n<start_of_turn>user\nBye<end_of_turn>\n<start_of_turn>model\n",
            Render(Gemma3, [Turn("system", "Be brief."), Turn("user", "Hi"), Turn("assistant", "Hello."), Turn("user", "Bye")], true));
    }

    [Fact]
    public void Gemma3_renders_content_parts_with_an_image_marker()
    {
        object?[] parts =
        [
            new Dictionary<string, object?> { ["type"] = "image" },
            new Dictionary<string, object?> { ["type"] = "text", ["text"] = " What is in this picture? " },
        ];
        Assert.Equal("<bos><start_of_turn>user\n<start_of_image>What is in this picture?<end_of_turn>\n<start_of_turn>model\n",
            Render(Gemma3, [Turn("user", parts)], true));
        var invalid = Assert.Throws<ChatTemplateException>(() => Render(Gemma3, [Turn("user", 42)], true));
        Assert.Contains("Invalid content type", invalid.Message);
    }
}
