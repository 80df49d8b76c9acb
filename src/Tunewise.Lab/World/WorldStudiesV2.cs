namespace Tunewise.Lab.World;

/// <summary>The default study's two study files for world v2.</summary>
internal static class WorldStudiesV2
{
    public const string RagTemplate = "Answer from the passage.\\nPassage: {{context}}\\nQuestion: {{input}}";
    public const string ClosedBookTemplate = "Answer the question.\\nQuestion: {{input}}";

    public static void Write(string directory)
    {
        var instruction = HouseRouting.Instruction.Replace("\"", "\\\"", StringComparison.Ordinal);
        WorldText.WriteAll(Path.Combine(directory, "study-behaviour.yaml"), $$$"""
            # The behaviour task: a support message to the house routing code (a team code and a priority digit, such as RF-1).
            # The models learned to read support messages in pretraining (what the customer wants, how urgent it is), but never saw these codes.
            # Prompting arms on tw-base (zero-shot, few-shot, and few-shot with demonstrations optimized on dev); fine-tuned arms (LoRA, QLoRA, full) on tw-base, and full fine-tuning of the 4x smaller tw-small.
            # Learning rates suit these tiny models (pretrained at a peak of 0.001), not billion-parameter ones.
            name: lab-support-routing
            task:
              kind: classification
              train: behaviour/train.jsonl
              dev: behaviour/dev.jsonl
              test: behaviour/test.jsonl
              input: input
              expected: expected
            requirement: { metric: accuracy, target: 0.9 }
            volume: { queries_per_month: 100000 }
            models:
              base: lab:tw-base
              small: lab:tw-small
            arms:
              - { name: zero-shot, model: base, max_tokens: 8, prompt: { template: "{{{instruction}}}\n\n{{input}}" } }
              - { name: few-shot-4, model: base, max_tokens: 8, prompt: { template: "{{{instruction}}}\n\n{{input}}", few_shot: 4 } }
              - { name: optimized-4, model: base, max_tokens: 8, prompt: { template: "{{{instruction}}}\n\n{{input}}", few_shot: 4, optimize: { candidates: 6, first_rung_examples: 8 } } }
              - { name: lora-base, model: base, max_tokens: 8, finetune: { method: lora, rank: 8, epochs: 3, learning_rate: 0.003 } }
              - { name: qlora-base, model: base, max_tokens: 8, finetune: { method: qlora, rank: 8, epochs: 3, learning_rate: 0.003 } }
              - { name: full-base, model: base, max_tokens: 8, finetune: { method: full, epochs: 3, learning_rate: 0.001 } }
              - { name: full-small, model: small, max_tokens: 8, finetune: { method: full, epochs: 3, learning_rate: 0.001 } }
            robustness: { variants: 3, max_calls: 120, min_examples: 30 }

            """);
        WorldText.WriteAll(Path.Combine(directory, "study-knowledge.yaml"), $$"""
            # The knowledge task: facts about fictional towns that appear only in documents/. The models learned in
            # pretraining to read passages in the form retrieval renders them, about other towns; these towns they never saw.
            # Closed-book prompting cannot know the facts; retrieval over documents/ can; fine-tuning on the documents is measured too.
            name: lab-town-facts
            task:
              kind: qa
              test: knowledge/questions.jsonl
              input: input
              expected: expected
              documents: documents/
            requirement: { metric: exact_match, target: 0.8 }
            volume: { queries_per_month: 100000 }
            models:
              base: lab:tw-base
            arms:
              - { name: closed-book, model: base, max_tokens: 16, prompt: { template: "{{ClosedBookTemplate}}" } }
              - { name: rag-base, model: base, max_tokens: 16, retrieval: { top_k: 1 }, prompt: { template: "{{RagTemplate}}" } }
              - { name: oracle-base, model: base, max_tokens: 16, retrieval: { oracle: true }, prompt: { template: "{{RagTemplate}}" } }
              - { name: finetune-documents, model: base, max_tokens: 16, prompt: { template: "{{ClosedBookTemplate}}" }, finetune: { method: full, epochs: 3, learning_rate: 0.001, train: knowledge/documents-train.jsonl } }

            """);
    }
}
