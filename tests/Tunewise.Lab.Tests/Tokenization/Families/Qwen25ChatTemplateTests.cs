using Tunewise.Lab.Tokenization;
using static Tunewise.Lab.Tests.Tokenization.Families.Conversations;

namespace Tunewise.Lab.Tests.Tokenization.Families;

/// <summary>
/// The Qwen2.5 Instruct format (Qwen's function-calling documentation): ChatML turns, a default system
/// message naming Qwen, tools listed as one JSON line each inside &lt;tools&gt;&lt;/tools&gt;, calls as
/// &lt;tool_call&gt; blocks in the assistant turn, and consecutive tool results gathered into one user turn
/// of &lt;tool_response&gt; blocks.
/// </summary>
public class Qwen25ChatTemplateTests
{
    private const string DefaultSystem = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    // Written for these tests in the shape of the Qwen2.5 tokenizer_config template.
    private const string Template = """
        {%- if messages[0].role == 'system' %}
            {%- set system_text = messages[0].content %}
        {%- else %}
            {%- set system_text = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' %}
        {%- endif %}
        {{- '<|im_start|>system\n' + system_text }}
        {%- if tools %}
            {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n" }}
            {{- "You are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
            {%- for tool in tools %}
                {{- "\n" + tool | tojson }}
            {%- endfor %}
            {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n" }}
            {{- '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>' }}
        {%- endif %}
        {{- '<|im_end|>\n' }}
        {%- for message in messages %}
            {%- if message.role == 'system' and loop.first %}
            {%- elif message.role == 'user' or message.role == 'system' or (message.role == 'assistant' and not message.tool_calls) %}
                {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>\n' }}
            {%- elif message.role == 'assistant' %}
                {{- '<|im_start|>' + message.role }}
                {%- if message.content %}
                    {{- '\n' + message.content }}
                {%- endif %}
                {%- for tool_call in message.tool_calls %}
                    {%- if tool_call.function is defined %}
                        {%- set tool_call = tool_call.function %}
                    {%- endif %}
                    {{- '\n<tool_call>\n{"name": "' + tool_call.name + '", "arguments": ' }}
                    {{- tool_call.arguments | tojson }}
                    {{- '}\n</tool_call>' }}
                {%- endfor %}
                {{- '<|im_end|>\n' }}
            {%- elif message.role == 'tool' %}
                {%- if loop.index0 == 0 or messages[loop.index0 - 1].role != 'tool' %}
                    {{- '<|im_start|>user' }}
                {%- endif %}
                {{- '\n<tool_response>\n' + message.content + '\n</tool_response>' }}
                {%- if loop.last or loop.nextitem.role != 'tool' %}
                    {{- '<|im_end|>\n' }}
                {%- endif %}
            {%- endif %}
        {%- endfor %}
        {%- if add_generation_prompt %}
            {{- '<|im_start|>assistant\n' }}
        {%- endif %}
        """;

    private static string Render(object?[] messages, bool addGenerationPrompt, Dictionary<string, object?>? tools = null) =>
        ChatTemplate.Parse(Template).Render([], addGenerationPrompt, null, "<|im_end|>", With(messages, tools));

    [Fact]
    public void A_user_turn_gets_the_default_system_message()
    {
        Assert.Equal($"<|im_start|>system\n{DefaultSystem}<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            Render([Turn("user", "Hi")], true));
        Assert.Equal($"<|im_start|>system\n{DefaultSystem}<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n",
            Render([Turn("user", "Hi")], false));
    }

    [Fact]
    public void A_system_message_replaces_the_default_and_turns_keep_their_whitespace()
    {
        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi <|im_end|>\n<|im_start|>assistant\nHello.<|im_end|>\n" +
            "<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n",
            Render([Turn("system", "Be brief."), Turn("user", "Hi "), Turn("assistant", "Hello."), Turn("user", "Bye")], true));
    }

    [Fact]
    public void Tools_calls_and_grouped_responses_follow_the_documented_blocks()
    {
        object?[] conversation =
        [
            Turn("user", "Weather in Paris and Lyon?"),
            CallingTurn(ToolCall("get_weather", Paris()), ToolCall("get_weather", new Dictionary<string, object?> { ["city"] = "Lyon" })),
            ToolResult("{\"temperature_c\": 18}"), ToolResult("{\"temperature_c\": 21}"),
            Turn("assistant", "Paris 18 °C, Lyon 21 °C."),
        ];
        Assert.Equal(
            $"<|im_start|>system\n{DefaultSystem}\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n" +
            "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n" + WeatherToolJson + "\n</tools>\n\n" +
            "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n" +
            "<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" +
            "<|im_start|>user\nWeather in Paris and Lyon?<|im_end|>\n" +
            "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>" +
            "\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\"}}\n</tool_call><|im_end|>\n" +
            "<|im_start|>user\n<tool_response>\n{\"temperature_c\": 18}\n</tool_response>\n<tool_response>\n{\"temperature_c\": 21}\n</tool_response><|im_end|>\n" +
            "<|im_start|>assistant\nParis 18 °C, Lyon 21 °C.<|im_end|>\n",
            Render(conversation, false, WeatherTool()));
    }

    [Fact]
    public void A_tool_result_as_the_last_turn_closes_its_user_turn_before_the_generation_prompt()
    {
        string rendered = Render([Turn("user", "Weather?"), CallingTurn(ToolCall("get_weather", Paris())), ToolResult("18")], true, WeatherTool());
        Assert.EndsWith("<|im_start|>user\n<tool_response>\n18\n</tool_response><|im_end|>\n<|im_start|>assistant\n", rendered);
    }
}
