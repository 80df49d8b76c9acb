using System.Text.Json.Nodes;
using Tunewise.Lab.Tokenization;

namespace Tunewise.Lab.Tests.Tokenization;

/// <summary>
/// Jinja behaviours that published chat templates depend on, each against what Jinja under Hugging Face's
/// environment prints.
/// </summary>
public class ChatTemplateFeatureTests
{
    private static readonly ChatMessageText[] Three = [new("system", "S"), new("user", "U"), new("assistant", "A")];

    private static string Render(string source, IReadOnlyDictionary<string, object?>? variables = null) =>
        ChatTemplate.Parse(source).Render(Three, false, variables: variables);

    [Fact]
    public void Tojson_writes_what_pythons_json_dumps_writes()
    {
        var value = new Dictionary<string, object?>
        {
            ["b"] = "°C <tag> & \"quoted\"\n\u0001", ["a"] = new object?[] { 1, 2.0, 0.25, true, null }, ["e"] = new Dictionary<string, object?>(),
        };
        var variables = new Dictionary<string, object?> { ["v"] = value };
        Assert.Equal("{\"b\": \"°C <tag> & \\\"quoted\\\"\\n\\u0001\", \"a\": [1, 2.0, 0.25, true, null], \"e\": {}}", Render("{{ v | tojson }}", variables));
        Assert.Equal("{\n  \"b\": \"°C <tag> & \\\"quoted\\\"\\n\\u0001\",\n  \"a\": [\n    1,\n    2.0,\n    0.25,\n    true,\n    null\n  ],\n  \"e\": {}\n}",
            Render("{{ v | tojson(indent=2) }}", variables));
        Assert.Equal("{\"a\": [1, 2.0, 0.25, true, null], \"b\": \"\\u00b0C <tag> & \\\"quoted\\\"\\n\\u0001\", \"e\": {}}",
            Render("{{ v | tojson(sort_keys=true, ensure_ascii=true) }}", variables));
        Assert.Equal("{\"a\":1}", Render("{{ {'a': 1} | tojson(separators=[',', ':']) }}"));
    }

    [Fact]
    public void Numbers_print_as_python_prints_them()
    {
        Assert.Equal("2.0|3.5|2.0|-1|3|1e-05|1e+16|123.25|0.0001", Render(
            "{{ 0.5 * 4 }}|{{ 7 / 2 }}|{{ 4 / 2 }}|{{ -1 }}|{{ [1, 2, 3][-1] }}|{{ 1 / 100000 }}|{{ 10000000000000000.0 }}|{{ 123.25 }}|{{ 1 / 10000 }}"));
    }

    [Fact]
    public void A_tag_ends_at_the_first_delimiter_outside_a_string()
    {
        Assert.Equal("}}|%}|yes", Render("{{ \"}}\" }}|{{ '%}' }}|{% if '%}' in 'a%}' %}yes{% endif %}{# it's a comment with a quote #}"));
    }

    [Fact]
    public void Negative_indexes_and_slices_with_a_step_work_as_in_python()
    {
        Assert.Equal("A|A,U,S|cba|ca|S,A|", Render(
            "{{ messages[-1].content }}|{{ messages[::-1] | map(attribute='content') | join(',') }}|{{ 'abc'[::-1] }}|{{ 'abc'[::-2] }}|" +
            "{{ messages[::2] | map(attribute='content') | join(',') }}|{{ messages[5:1] | join }}"));
    }

    [Fact]
    public void Select_reject_and_map_filters_apply_tests_and_attributes()
    {
        Assert.Equal("U|S,A|S,U|2|SYSTEM,USER,ASSISTANT|1,3", Render(
            "{{ messages | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(',') }}|" +
            "{{ messages | rejectattr('role', 'eq', 'user') | map(attribute='content') | join(',') }}|" +
            "{{ messages | selectattr('role', 'in', ['system', 'user']) | map(attribute='content') | join(',') }}|" +
            "{{ messages | selectattr('missing', 'undefined') | rejectattr('role', '==', 'system') | list | length }}|" +
            "{{ messages | map(attribute='role') | map('upper') | join(',') }}|" +
            "{{ [1, 2, 3, 4] | select('odd') | join(',') }}"));
    }

    [Fact]
    public void Tests_take_an_argument_with_or_without_parentheses()
    {
        Assert.Equal("True|False|True|True|False", Render(
            "{{ 9 is divisibleby 3 }}|{{ 9 is divisibleby(2) }}|{{ messages[0].role is equalto 'system' }}|" +
            "{{ none is sameas none }}|{{ 'a' is defined and 'a' is equalto 'b' }}"));
    }

    [Fact]
    public void Dicts_and_lists_compare_by_content()
    {
        Assert.Equal("True|False|True|True", Render(
            "{{ {'role': 'user', 'content': 'U'} == messages[1] }}|{{ messages[0] == messages[1] }}|{{ [1, [2]] == [1, [2]] }}|{{ messages[1] in messages }}"));
    }

    [Fact]
    public void An_unknown_attribute_of_a_string_is_undefined_but_calling_it_fails()
    {
        Assert.Equal("False|True", Render("{{ messages[0].content.content is defined }}|{{ messages[0].content.strip is defined }}"));
        var call = Assert.Throws<ChatTemplateException>(() => Render("{{ 'x'.shout() }}"));
        Assert.Contains("shout", call.Message);
    }

    [Fact]
    public void Variables_from_json_and_plain_collections_become_template_values()
    {
        var tools = JsonNode.Parse("""[{"type": "function", "function": {"name": "f", "parameters": {"n": 3, "x": 0.5, "ok": true, "w": 2.0}}}]""");
        var variables = new Dictionary<string, object?> { ["tools"] = tools, ["ids"] = new[] { 7, 8 }, ["labels"] = new List<string> { "a", "b" } };
        Assert.Equal("f|3|0.5|True|15|a-b|{\"n\": 3, \"x\": 0.5, \"ok\": true, \"w\": 2.0}", Render(
            "{{ tools[0].function.name }}|{{ tools[0].function.parameters.n }}|{{ tools[0].function.parameters.x }}|{{ tools[0].function.parameters.ok }}|" +
            "{{ ids[0] + ids[1] }}|{{ labels | join('-') }}|{{ tools[0]['function']['parameters'] | tojson }}", variables));
        Assert.Throws<ChatTemplateException>(() => Render("{{ x }}", new Dictionary<string, object?> { ["x"] = new Uri("http://127.0.0.1/") }));
    }

    [Fact]
    public void Generation_blocks_render_their_body_and_unclosed_ones_are_refused()
    {
        Assert.Equal("[A]", ChatTemplate.Parse("{% for m in messages if m.role == 'assistant' %}[{% generation %}{{ m.content }}{% endgeneration %}]{% endfor %}").Render(Three, false));
        var unclosed = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("{% generation %}x"));
        Assert.Contains("endgeneration", unclosed.Message);
    }

    [Fact]
    public void Strftime_now_prints_the_local_date_in_the_c_locale()
    {
        var before = DateTime.Now;
        string rendered = Render("{{ strftime_now('%Y-%m-%d %a %b %%') }}");
        var after = DateTime.Now;
        string Expected(DateTime t) => $"{t.Year:0000}-{t.Month:00}-{t.Day:00} {new[] { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" }[(int)t.DayOfWeek]} " +
            $"{new[] { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" }[t.Month - 1]} %";
        Assert.Contains(rendered, new[] { Expected(before), Expected(after) });
        Assert.Contains("%Q", Assert.Throws<ChatTemplateException>(() => Render("{{ strftime_now('%Q') }}")).Message);
    }

    [Fact]
    public void Indented_block_tags_on_their_own_lines_leave_no_whitespace_behind()
    {
        // trim_blocks drops the newline after a tag, lstrip_blocks the indentation before the next one.
        Assert.Equal("xend", Render("{% if true %}\n    {% if true %}x{% endif %}\n{% endif %}\nend"));
        Assert.Equal("<  system\n  user\n  assistant\n    last\n>",
            Render("<{% for m in messages %}\n  {{ m.role }}\n  {% if loop.last %}\n    last\n  {% endif %}\n{% endfor %}>"));
    }

    [Theory]
    [InlineData("{{ messages[:1] }}", "[{'role': 'system', 'content': 'S'}]")]
    [InlineData("{{ none }}|{{ nothing }}|{{ 'a' ~ 1 ~ none }}", "None||a1None")]
    [InlineData("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}", "a=1;b=2;")]
    [InlineData("{{ messages|length - 1 }}|{{ 10 // 3 }}|{{ -7 // 2 }}|{{ -7 % 3 }}|{{ 'x' * 3 }}|{{ [1, 2] + [3] }}", "2|3|-4|2|xxx|[1, 2, 3]")]
    [InlineData("{{ 'Hello'.split('l') }}|{{ ' a  b '.split() }}|{{ true and 'yes' }}|{{ false or '' }}", "['He', '', 'o']|['a', 'b']|yes|")]
    [InlineData("{% if messages[1].role in ('user', 'system') %}in{% endif %}|{{ ('a', 'b') | join('+') }}", "in|a+b")]
    [InlineData("{% for i in range(3) %}{{ i }}{% endfor %}|{% for i in range(1, 7, 2) %}{{ i }}{% endfor %}|{{ range(messages | length) | list | length }}", "012|135|3")]
    [InlineData("{{ messages[0].get('content') }}|{{ messages[0].get('x', 'fallback') }}|{{ messages[0].x | default('d') }}|{{ '' | default('e', true) }}", "S|fallback|d|e")]
    [InlineData("{% for m in messages %}{{ loop.length }}{{ loop.revindex }}{% if not loop.first %},{% endif %}{% endfor %}", "3332,31,")]
    [InlineData("{{ 'abc' is string }}|{{ 3 is number }}|{{ messages is sequence }}|{{ messages[0] is mapping }}|{{ nothing is not defined }}", "True|True|True|True|True")]
    [InlineData("{{ 'The Quick' | lower }}|{{ 'hi there' | title }}|{{ 'abc' | upper }}|{{ '  x ' | trim }}|{{ 'xxhixx' | trim('x') }}|{{ [3,1,2] | first }}{{ [3,1,2] | last }}", "the quick|Hi There|ABC|x|hi|32")]
    [InlineData("{% for m in messages %}{% if m.role == 'user' %}{% continue %}{% endif %}{{ m.content }}{% if loop.index == 3 %}{% break %}{% endif %}{% endfor %}", "SA")]
    [InlineData("{% for i in range(5) %}{% for j in range(5) %}{% if j > i %}{% break %}{% endif %}{{ j }}{% endfor %};{% if i == 2 %}{% break %}{% endif %}{% endfor %}", "0;01;012;")]
    [InlineData("{{ ', '.join(messages | map(attribute='role')) }}", "system, user, assistant")]
    [InlineData("{{ 'a,b'.replace(',', ';') }}|{{ 'abc'.startswith('a') }}|{{ ' x '.strip() }}|{{ 'ab'.endswith('b') }}", "a;b|True|x|True")]
    // Each expected string is what Jinja2 3.1.6 prints with trim_blocks and lstrip_blocks on.
    public void Common_expressions_print_what_jinja_prints(string source, string expected) => Assert.Equal(expected, Render(source));

    [Fact]
    public void Break_outside_a_loop_is_refused_when_the_template_is_read()
    {
        var outside = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("a\n{% if true %}{% break %}{% endif %}"));
        Assert.Contains("outside a loop", outside.Message);
        Assert.Contains("line 2", outside.Message);
    }
}
