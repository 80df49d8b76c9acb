namespace Tunewise.Cli.Commands.Studies;

/// <summary>What <c>tunewise init</c> writes: a commented study and a tiny data file it can check as is.</summary>
internal static class StarterStudy
{
    public const string DataPath = "data/examples.csv";

    public const string Yaml = """
        # A Tunewise study. Every key is described in docs/study-file.md.
        # Editor completion: tunewise study schema --out study.schema.json, then keep the next line.
        # yaml-language-server: $schema=study.schema.json
        name: my-task

        task:
          kind: classification          # classification | extraction | generation | qa
          data: data/examples.csv       # one file, split below; or give train: / dev: / test: files
          input: text                   # field(s) shown to the model
          expected: label               # the gold answer
          split: { dev: 0.1, test: 0.3, seed: 13 }   # the test part is frozen before any arm runs

        # Prompting is enough when the best prompting arm's 95% CI lower bound reaches the target.
        requirement: { metric: accuracy, target: 0.9 }

        # Production traffic: prices every arm and finds where fine-tuning breaks even.
        volume: { queries_per_month: 100000 }

        models:
          # The key is read from OPENAI_API_KEY; a study never holds a key.
          big: openai:gpt-4o-mini
          # Other providers:
          # small: ollama:llama3.1:8b
          # local: { provider: openai-compatible, base_url: http://127.0.0.1:8000/v1, model: qwen2.5-7b-instruct }
          # claude: anthropic:claude-3-5-haiku-latest
          # Your account's rate limits, so calls wait instead of collecting 429s:
          # big: { provider: openai, model: gpt-4o-mini, limits: { requests_per_minute: 500, tokens_per_minute: 200000 } }

        arms:
          - name: zero-shot
            model: big
            prompt:
              template: |
                Classify the message into one of these labels:
                {{labels}}
                Answer with the label only.

                Message: {{text}}
          - name: few-shot-4
            model: big
            prompt: { few_shot: 4, select: stratified }   # 4 demonstrations drawn from the training part
          # A fine-tuned arm on a model you can train:
          # - { name: lora-small, model: small, finetune: { method: lora, rank: 16 } }

        metrics: [accuracy, macro_f1]

        # The most the study may spend on paid calls, in US dollars.
        budget: { usd: 5 }

        """;

    public const string SampleData = """
        id,text,label
        1,I was charged twice for my order,billing
        2,Why is there an extra fee on my invoice?,billing
        3,Can I get a copy of last month's bill?,billing
        4,My card was declined but the money left my account,billing
        5,How do I update my payment method?,billing
        6,The refund has not reached my card yet,billing
        7,Where is my package?,shipping
        8,The tracking number does not work,shipping
        9,Can you deliver to a different address?,shipping
        10,My parcel has been stuck in transit for a week,shipping
        11,Do you ship to Canada?,shipping
        12,The courier left my box at the wrong house,shipping
        13,I want to return these shoes,returns
        14,How long do I have to send an item back?,returns
        15,The jacket does not fit; can I exchange it?,returns
        16,Do I need the original box to return something?,returns
        17,I received a broken mug and want to send it back,returns
        18,Is return shipping free?,returns
        19,I forgot my password,account
        20,How do I change the email on my account?,account
        21,Please delete my account,account
        22,I cannot log in after the update,account
        23,Can I merge two accounts?,account
        24,How do I turn on two-factor authentication?,account

        """;
}
