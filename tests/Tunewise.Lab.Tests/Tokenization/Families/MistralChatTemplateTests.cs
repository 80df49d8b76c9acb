using Tunewise.Lab.Tokenization;
using static Tunewise.Lab.Tests.Tokenization.Families.Conversations;

namespace Tunewise.Lab.Tests.Tokenization.Families;

/// <summary>
/// The Mistral Instruct v0.3 format (Mistral's tokenization guide): "&lt;s&gt;[INST] user[/INST] answer&lt;/s&gt;",
/// no system role of its own (the system text is put before the last user message, with a blank line),
/// strictly alternating user and assistant turns, tools in [AVAILABLE_TOOLS] before the last user
/// message, calls as [TOOL_CALLS] with nine-character ids and results as [TOOL_RESULTS]. It has no
/// generation prompt: the prompt ends at [/INST] either way.
/// </summary>
public class MistralChatTemplateTests
{
    // Written for these tests in the shape of the v0.3 tokenizer_config template.
    private const string Template = """
        {%- if messages[0]["role"] == "system" %}
            {%- set system_message = messages[0]["content"] %}
            {%- set loop_messages = messages[1:] %}
        {%- else %}
            {%- set loop_messages = messages %}
        {%- endif %}
        {%- if not tools is defined %}
            {%- set tools = none %}
        {%- endif %}
        {%- set user_messages = loop_messages | selectattr("role", "equalto", "user") | list %}
        {#- Tool calls and their results sit outside the user/assistant alternation. #}
        {%- set ns = namespace() %}
        {%- set ns.index = 0 %}
        {%- for message in loop_messages %}
            {%- if not (message.role == "tool" or (message.tool_calls is defined and message.tool_calls is not none)) %}
                {%- if (message["role"] == "user") != (ns.index % 2 == 0) %}
                    {{- raise_exception("After the optional system message, conversation roles must alternate user/assistant/user/assistant/...") }}
                {%- endif %}
                {%- set ns.index = ns.index + 1 %}
            {%- endif %}
        {%- endfor %}
        {{- bos_token }}
        {%- for message in loop_messages %}
            {%- if message["role"] == "user" %}
                {%- if tools is not none and (message == user_messages[-1]) %}
                    {{- "[AVAILABLE_TOOLS] [" }}
                    {%- for tool in tools %}
                        {{- '{"type": "function", "function": {' }}
                        {%- for key, val in tool.function.items() if key != "return" %}
                            {{- '"' + key + '": ' + val | tojson }}
                            {{- ", " if not loop.last }}
                        {%- endfor %}
                        {{- "}}" }}
                        {{- ", " if not loop.last else "]" }}
                    {%- endfor %}
                    {{- "[/AVAILABLE_TOOLS]" }}
                {%- endif %}
                {%- if message == user_messages[-1] and system_message is defined %}
                    {{- "[INST] " + system_message + "\n\n" + message["content"] + "[/INST]" }}
                {%- else %}
                    {{- "[INST] " + message["content"] + "[/INST]" }}
                {%- endif %}
            {%- elif message.tool_calls is defined and message.tool_calls is not none %}
                {{- "[TOOL_CALLS] [" }}
                {%- for tool_call in message.tool_calls %}
                    {%- set out = tool_call.function | tojson %}
                    {%- if not tool_call.id is defined or tool_call.id | length != 9 %}
                        {{- raise_exception("Tool call IDs should be alphanumeric strings with length 9!") }}
                    {%- endif %}
                    {{- out[:-1] + ', "id": "' + tool_call.id + '"}' }}
                    {{- ", " if not loop.last else "]" + eos_token }}
                {%- endfor %}
            {%- elif message["role"] == "assistant" %}
                {{- " " + message["content"] | trim + eos_token }}
            {%- elif message["role"] == "tool" %}
                {%- if message.content is defined and message.content.content is defined %}
                    {%- set content = message.content.content %}
                {%- else %}
                    {%- set content = message.content %}
                {%- endif %}
                {%- if not message.tool_call_id is defined or message.tool_call_id | length != 9 %}
                    {{- raise_exception("Tool call IDs should be alphanumeric strings with length 9!") }}
                {%- endif %}
                {{- '[TOOL_RESULTS] {"content": ' + content | string + ', "call_id": "' + message.tool_call_id + '"}[/TOOL_RESULTS]' }}
            {%- else %}
                {{- raise_exception("Only user and assistant roles are supported, with the exception of an initial optional system message!") }}
            {%- endif %}
        {%- endfor %}
        """;

    private static string Render(object?[] messages, bool addGenerationPrompt, Dictionary<string, object?>? tools = null) =>
        ChatTemplate.Parse(Template).Render([], addGenerationPrompt, "<s>", "</s>", With(messages, tools));

    [Fact]
    public void A_user_turn_is_wrapped_in_inst_and_the_generation_prompt_changes_nothing()
    {
        Assert.Equal("<s>[INST] Hi[/INST]", Render([Turn("user", "Hi")], true));
        Assert.Equal("<s>[INST] Hi[/INST]", Render([Turn("user", "Hi")], false));
    }

    [Fact]
    public void The_system_message_is_folded_into_the_last_user_turn_and_answers_end_with_eos()
    {
        Assert.Equal("<s>[INST] Hi[/INST] Hello.</s>[INST] Be brief.\n\nBye[/INST]",
            Render([Turn("system", "Be brief."), Turn("user", "Hi"), Turn("assistant", " Hello. "), Turn("user", "Bye")], true));
    }

    [Fact]
    public void Turns_that_do_not_alternate_are_refused_with_the_templates_message()
    {
        var refused = Assert.Throws<ChatTemplateException>(() => Render([Turn("user", "Hi"), Turn("user", "Again")], true));
        Assert.Contains("conversation roles must alternate user/assistant", refused.Message);
        var starts = Assert.Throws<ChatTemplateException>(() => Render([Turn("assistant", "Hello")], true));
        Assert.Contains("conversation roles must alternate", starts.Message);
    }

    [Fact]
    public void Tools_precede_the_last_user_turn_and_calls_and_results_carry_their_ids()
    {
        object?[] conversation =
        [
            Turn("user", "Hi"), Turn("assistant", "Hello."), Turn("user", "Weather in Paris?"),
            CallingTurn(ToolCall("get_weather", Paris(), id: "a1b2c3d4e")), ToolResult("{\"temperature_c\": 18}", callId: "a1b2c3d4e"),
            Turn("assistant", "It is 18 °C."),
        ];
        Assert.Equal(
            "<s>[INST] Hi[/INST] Hello.</s>" +
            "[AVAILABLE_TOOLS] [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Current temperature in °C for a city.\", " +
            "\"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}][/AVAILABLE_TOOLS]" +
            "[INST] Weather in Paris?[/INST]" +
            "[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}, \"id\": \"a1b2c3d4e\"}]</s>" +
            "[TOOL_RESULTS] {\"content\": {\"temperature_c\": 18}, \"call_id\": \"a1b2c3d4e\"}[/TOOL_RESULTS]" +
            " It is 18 °C.</s>",
            Render(conversation, false, WeatherTool()));
    }

    [Fact]
    public void A_tool_call_id_that_is_not_nine_characters_is_refused()
    {
        var refused = Assert.Throws<ChatTemplateException>(() =>
            Render([Turn("user", "Weather?"), CallingTurn(ToolCall("get_weather", Paris(), id: "call_1"))], false, WeatherTool()));
        Assert.Contains("length 9", refused.Message);
    }
}
