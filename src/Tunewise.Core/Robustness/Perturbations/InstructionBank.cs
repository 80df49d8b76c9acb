using System.Collections.Immutable;
using Tunewise.Studies;

namespace Tunewise.Robustness.Perturbations;

/// <summary>
/// Built-in rephrasings of the instruction for each task kind, and the default instruction used when
/// an arm gives no template. Each rephrasing asks for the same thing in other words.
/// </summary>
public static class InstructionBank
{
    public static string Default(TaskKind kind) => kind switch
    {
        TaskKind.Classification => "Classify the input. Answer with the label only.",
        TaskKind.Extraction => "Extract the requested information from the input. Answer with the extracted values only.",
        TaskKind.Qa => "Answer the question. Give the answer only.",
        _ => "Respond to the input.",
    };

    public static ImmutableArray<string> Paraphrases(TaskKind kind) => kind switch
    {
        TaskKind.Classification =>
        [
            "Assign the input to one of the categories. Reply with the category name and nothing else.",
            "Which label fits the input best? Respond with just the label.",
            "Read the input and decide its class. Output only the class label.",
        ],
        TaskKind.Extraction =>
        [
            "Pull the requested fields out of the input. Reply with the values only.",
            "From the input, extract the information asked for and output nothing else.",
            "Identify the requested details in the input and return just those details.",
        ],
        TaskKind.Qa =>
        [
            "Reply to the question with the answer alone.",
            "What is the answer to the question? Respond with the answer only.",
            "Give a short, direct answer to the question, without explanation.",
        ],
        _ =>
        [
            "Write a response to the input.",
            "Produce an appropriate reply to the input.",
            "Read the input and write what it asks for.",
        ],
    };
}
