using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Tokenization;

namespace Tunewise.Lab.Tests.Tokenization;

public class ChatTemplateTests
{
    private static readonly ChatMessageText[] Conversation =
    [
        new("system", "You are kind. "), new("user", " Hi"),
    ];

    [Fact]
    public void ChatML_renders_as_qwen_does()
    {
        var template = ChatTemplate.Parse(RandomCheckpoint.ChatMlTemplate);
        Assert.Equal("<|im_start|>system\nYou are kind. <|im_end|>\n<|im_start|>user\n Hi<|im_end|>\n<|im_start|>assistant\n",
            template.Render(Conversation, addGenerationPrompt: true));
        Assert.Equal("<|im_start|>system\nYou are kind. <|im_end|>\n<|im_start|>user\n Hi<|im_end|>\n",
            template.Render(Conversation, addGenerationPrompt: false));
    }

    [Fact]
    public void Llama3_renders_with_bos_once_and_trimmed_content()
    {
        const string source = "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";
        var rendered = ChatTemplate.Parse(source).Render(Conversation, true, bosToken: "<|begin_of_text|>");
        Assert.Equal("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are kind.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", rendered);
    }

    [Fact]
    public void Zephyr_renders_with_block_lines_trimmed()
    {
        const string source = """
            {% for message in messages %}
            {% if message['role'] == 'user' %}
            {{ '<|user|>\n' + message['content'] + eos_token }}
            {% elif message['role'] == 'system' %}
            {{ '<|system|>\n' + message['content'] + eos_token }}
            {% elif message['role'] == 'assistant' %}
            {{ '<|assistant|>\n'  + message['content'] + eos_token }}
            {% endif %}
            {% if loop.last and add_generation_prompt %}
            {{ '<|assistant|>' }}
            {% endif %}
            {% endfor %}
            """;
        var rendered = ChatTemplate.Parse(source).Render([new("system", "Be brief."), new("user", "Hi")], true, eosToken: "</s>");
        Assert.Equal("<|system|>\nBe brief.</s>\n<|user|>\nHi</s>\n<|assistant|>\n", rendered);
    }

    [Fact]
    public void Namespaces_loop_variables_and_string_methods_work()
    {
        const string source = "{%- set ns = namespace(found=false) -%}{%- for m in messages -%}{%- if m.role == 'system' -%}{%- set ns.found = true -%}{%- endif -%}" +
            "{{ loop.index }}:{{ m.content.strip().upper() }}{{ ',' if not loop.last }}{%- endfor -%}|{{ ns.found }}|{{ messages | length }}|{{ messages[1:] | length }}";
        Assert.Equal("1:YOU ARE KIND.,2:HI|True|2|1", ChatTemplate.Parse(source).Render(Conversation, false));
    }

    [Fact]
    public void Raise_exception_and_unsupported_constructs_give_clear_errors()
    {
        var template = ChatTemplate.Parse("{% if messages[0]['role'] != 'user' %}{{ raise_exception('Conversations must start with the user') }}{% endif %}");
        var raised = Assert.Throws<ChatTemplateException>(() => template.Render(Conversation, true));
        Assert.Contains("Conversations must start with the user", raised.Message);

        var unsupported = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("hello\n{% macro greet(x) %}{{ x }}{% endmacro %}"));
        Assert.Contains("macro", unsupported.Message);
        Assert.Contains("line 2", unsupported.Message);
        var filter = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("{{ messages | wordcount }}").Render(Conversation, true));
        Assert.Contains("wordcount", filter.Message);
    }
}
