using System.Globalization;
using Tunewise.Lab.Tokenization;
using static Tunewise.Lab.Tests.Tokenization.Families.Conversations;

namespace Tunewise.Lab.Tests.Tokenization.Families;

/// <summary>
/// The Llama 3.1 / 3.2 Instruct prompt format (Meta's model card, "Prompt format"): a system header that
/// always carries the knowledge cutoff and today's date, headers of the form
/// &lt;|start_header_id|&gt;role&lt;|end_header_id|&gt; followed by a blank line, trimmed contents closed by
/// &lt;|eot_id|&gt;, JSON tool calls in the first user turn, and tool output in an "ipython" turn.
/// </summary>
public class Llama3ChatTemplateTests
{
    private const string Bos = "<|begin_of_text|>";

    // Written for these tests in the shape of the 3.1/3.2 tokenizer_config template.
    private const string Template = """
        {{- bos_token }}
        {#- Llama 3.2 prints today's date; a caller may pin it with date_string. #}
        {%- if not date_string is defined %}
            {%- if strftime_now is defined %}
                {%- set date_string = strftime_now("%d %b %Y") %}
            {%- else %}
                {%- set date_string = "26 Jul 2024" %}
            {%- endif %}
        {%- endif %}
        {%- if tools is not defined %}
            {%- set tools = none %}
        {%- endif %}
        {%- if messages[0]['role'] == 'system' %}
            {%- set system_message = messages[0]['content'] | trim %}
            {%- set messages = messages[1:] %}
        {%- else %}
            {%- set system_message = "" %}
        {%- endif %}
        {{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
        {%- if tools is not none %}
            {{- "Environment: ipython\n" }}
        {%- endif %}
        {{- "Cutting Knowledge Date: December 2023\n" }}
        {{- "Today Date: " + date_string + "\n\n" }}
        {{- system_message }}
        {{- "<|eot_id|>" }}
        {%- if tools is not none %}
            {%- if messages | length == 0 %}
                {{- raise_exception("Tools go in the first user message, and there is none.") }}
            {%- endif %}
            {%- set first_user_message = messages[0]['content'] | trim %}
            {%- set messages = messages[1:] %}
            {{- '<|start_header_id|>user<|end_header_id|>\n\n' -}}
            {{- "Given the following functions, please respond with a JSON for a function call with its proper arguments that best answers the given prompt.\n\n" }}
            {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}. Do not use variables.\n\n' }}
            {%- for t in tools %}
                {{- t | tojson(indent=4) }}
                {{- "\n\n" }}
            {%- endfor %}
            {{- first_user_message + "<|eot_id|>" }}
        {%- endif %}
        {%- for message in messages %}
            {%- if message.role == 'ipython' or message.role == 'tool' %}
                {{- "<|start_header_id|>ipython<|end_header_id|>\n\n" }}
                {%- if message.content is mapping %}
                    {{- message.content | tojson }}
                {%- else %}
                    {{- message.content }}
                {%- endif %}
                {{- "<|eot_id|>" }}
            {%- elif 'tool_calls' in message %}
                {%- if not message.tool_calls | length == 1 %}
                    {{- raise_exception("This model only supports single tool-calls at once!") }}
                {%- endif %}
                {%- set tool_call = message.tool_calls[0].function %}
                {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
                {{- '{"name": "' + tool_call.name + '", ' }}
                {{- '"parameters": ' + tool_call.arguments | tojson + '}' }}
                {{- "<|eot_id|>" }}
            {%- else %}
                {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' + message['content'] | trim + '<|eot_id|>' }}
            {%- endif %}
        {%- endfor %}
        {%- if add_generation_prompt %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
        {%- endif %}
        """;

    private static readonly (string, object?) PinnedDate = ("date_string", "26 Jul 2024");

    private static string Render(object?[] messages, bool addGenerationPrompt, Dictionary<string, object?>? tools = null, params (string, object?)[] more) =>
        ChatTemplate.Parse(Template).Render([], addGenerationPrompt, Bos, "<|eot_id|>", With(messages, tools, more));

    [Fact]
    public void A_user_turn_gets_the_dated_system_header_and_the_assistant_header()
    {
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
            Render([Turn("user", "What is 2+2?")], true, null, PinnedDate));
    }

    [Fact]
    public void Without_a_pinned_date_the_header_carries_today_as_strftime_prints_it()
    {
        string before = DateTime.Now.ToString("dd MMM yyyy", CultureInfo.InvariantCulture);
        string rendered = Render([Turn("user", "Hi")], false);
        string after = DateTime.Now.ToString("dd MMM yyyy", CultureInfo.InvariantCulture);
        Assert.True(rendered.Contains($"Today Date: {before}\n\n", StringComparison.Ordinal) || rendered.Contains($"Today Date: {after}\n\n", StringComparison.Ordinal), rendered);
    }

    [Fact]
    public void The_system_message_joins_the_header_trimmed_and_multi_turn_ends_without_a_generation_prompt()
    {
        object?[] conversation = [Turn("system", "  Be brief.\n"), Turn("user", "Hi "), Turn("assistant", "Hello."), Turn("user", "Bye")];
        string expected =
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nBe brief.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>";
        Assert.Equal(expected, Render(conversation, false, null, PinnedDate));
        Assert.Equal(expected + "<|start_header_id|>assistant<|end_header_id|>\n\n", Render(conversation, true, null, PinnedDate));
    }

    [Fact]
    public void Tools_go_into_the_first_user_turn_as_indented_json_and_results_come_back_as_ipython()
    {
        const string toolJson = """
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Current temperature in °C for a city.",
                    "parameters": {
                        "type": "object",
                        "properties": {
                            "city": {
                                "type": "string"
                            }
                        },
                        "required": [
                            "city"
                        ]
                    }
                }
            }
            """;
        object?[] conversation =
        [
            Turn("system", "You are a helpful assistant."), Turn("user", "What's the weather in Paris?"),
            CallingTurn(ToolCall("get_weather", Paris())), ToolResult("{\"temperature_c\": 18}"),
        ];
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n" +
            "You are a helpful assistant.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\n" +
            "Given the following functions, please respond with a JSON for a function call with its proper arguments that best answers the given prompt.\n\n" +
            "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}. Do not use variables.\n\n" +
            toolJson + "\n\n" +
            "What's the weather in Paris?<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}<|eot_id|>" +
            "<|start_header_id|>ipython<|end_header_id|>\n\n{\"temperature_c\": 18}<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
            Render(conversation, true, WeatherTool(), PinnedDate));
    }

    [Fact]
    public void A_structured_tool_result_is_written_as_json_and_two_calls_in_one_turn_are_refused()
    {
        var structured = Turn("ipython", new Dictionary<string, object?> { ["temperature_c"] = 18.5, ["sunny"] = true });
        Assert.EndsWith("<|start_header_id|>ipython<|end_header_id|>\n\n{\"temperature_c\": 18.5, \"sunny\": true}<|eot_id|>",
            Render([Turn("user", "Weather?"), CallingTurn(ToolCall("get_weather", Paris())), structured], false, WeatherTool(), PinnedDate));

        var twoCalls = CallingTurn(ToolCall("get_weather", Paris()), ToolCall("get_weather", new Dictionary<string, object?> { ["city"] = "Lyon" }));
        var refused = Assert.Throws<ChatTemplateException>(() => Render([Turn("user", "Weather?"), twoCalls], true, WeatherTool(), PinnedDate));
        Assert.Contains("only supports single tool-calls", refused.Message);
    }
}
