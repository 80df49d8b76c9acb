namespace Tunewise.Studies;

/// <summary>
/// <c>finetune: { backend: command, … }</c>: an external trainer (Axolotl, LLaMA-Factory, torchtune or a Hugging Face
/// script) run as a shell command on the export pack Tunewise writes for it. <c>{pack}</c>, <c>{output}</c> and
/// <c>{base}</c> in <see cref="Command"/> are replaced before it runs; <c>{pack}</c> in <see cref="Output"/> too.
/// </summary>
public sealed record CommandTrainerSpec
{
    public const string DefaultOutput = "{pack}/outputs";

    /// <summary>The export pack to write: axolotl, llama-factory, torchtune or hf.</summary>
    public required string Trainer { get; init; }

    /// <summary>The shell command that trains, e.g. <c>axolotl train {pack}/config.yml</c> or <c>sbatch --wait train.sh {pack}</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Where the trainer leaves its PEFT adapter or full checkpoint; relative paths are taken from the pack.</summary>
    public string Output { get; init; } = DefaultOutput;

    /// <summary>Dollars per hour of the machine or cluster the command trains on: the training cost is its wall time × this.</summary>
    public decimal? PricePerHour { get; init; }

    /// <summary>
    /// The GPU the command trains on, by its name in the planner's GPU catalog (<c>tunewise plan --help</c> lists them):
    /// without <see cref="PricePerHour"/>, the training cost is its wall time × the catalog's price per GPU-hour × <see cref="GpuCount"/>.
    /// </summary>
    public string? Gpu { get; init; }

    /// <summary>How many of <see cref="Gpu"/> the command holds while it runs; null means one.</summary>
    public int? GpuCount { get; init; }

    /// <summary>An OpenAI-compatible server that serves the tuned model (e.g. vLLM with <c>--enable-lora</c>); null evaluates in-process.</summary>
    public CommandTrainerEndpoint? Endpoint { get; init; }
}

/// <summary>Where the tuned model of a <see cref="CommandTrainerSpec"/> is served: the server's base URL and the model name it serves it under.</summary>
public sealed record CommandTrainerEndpoint(string BaseUrl, string Model, string? ApiKeyEnv = null);
