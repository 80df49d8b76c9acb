using Tunewise.Retrieval;
using Tunewise.Testing;
using Xunit;

namespace Tunewise.Core.Tests.Retrieval;

public sealed class DocumentLoaderTests
{
    [Fact]
    public async Task Loads_markdown_text_html_and_jsonl_with_stable_ids()
    {
        using var folder = PlantedCorpus.Create();
        File.WriteAllText(folder.File("ignored.csv"), "a,b");

        var documents = await DocumentLoader.LoadAsync(folder.Path);

        Assert.Equal(["kelp-17", "kelp-18", "orbanite.md", "tessaly/harbor.md", "vellicor.txt", "zintar.html"], documents.Select(d => d.Id));
        var html = documents.Single(d => d.Id == "zintar.html");
        Assert.Contains("compressed peat & runs the mills", html.Text);
        Assert.DoesNotContain("color:red", html.Text);
        Assert.DoesNotContain("var a", html.Text);
        Assert.DoesNotContain("<p>", html.Text);
        Assert.Equal(3, documents.Single(d => d.Id == "kelp-18").Source.Line);
        Assert.Equal("Kelp farm 18 was abandoned after the eel blight.", documents.Single(d => d.Id == "kelp-18").Text);
    }

    [Fact]
    public async Task A_single_file_is_a_corpus_too()
    {
        using var folder = PlantedCorpus.Create();
        var documents = await DocumentLoader.LoadAsync(folder.File("notes.jsonl"));
        Assert.Equal(["kelp-17", "kelp-18"], documents.Select(d => d.Id));
    }

    [Fact]
    public async Task Missing_folder_is_a_user_error_naming_it()
    {
        using var folder = new TempDirectory();
        var missing = folder.File("no-such-docs");
        var error = await Assert.ThrowsAsync<UserInputException>(() => DocumentLoader.LoadAsync(missing));
        Assert.Contains("no-such-docs", error.Message);
    }

    [Fact]
    public async Task Folder_with_only_empty_files_is_a_user_error()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("empty.md"), "  \n");
        var error = await Assert.ThrowsAsync<UserInputException>(() => DocumentLoader.LoadAsync(folder.Path));
        Assert.Contains(folder.Path, error.Message);
        Assert.Contains("no documents", error.Message);
    }

    [Fact]
    public async Task Malformed_jsonl_row_names_file_and_line()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("docs.jsonl"), "{\"id\":\"a\",\"text\":\"fine\"}\n{\"text\":\"no id\"}\n");
        var error = await Assert.ThrowsAsync<UserInputException>(() => DocumentLoader.LoadAsync(folder.Path));
        Assert.Contains("docs.jsonl:2", error.Message);
        Assert.Contains("'id'", error.Message);
    }

    [Fact]
    public async Task Duplicate_ids_are_rejected()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("a.jsonl"), "{\"id\":\"same\",\"text\":\"one\"}\n{\"id\":\"same\",\"text\":\"two\"}\n");
        var error = await Assert.ThrowsAsync<UserInputException>(() => DocumentLoader.LoadAsync(folder.Path));
        Assert.Contains("'same'", error.Message);
    }
}
