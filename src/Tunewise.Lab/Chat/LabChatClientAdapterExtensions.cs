using Microsoft.Extensions.AI;
using Tunewise.Lab.Lora;

namespace Tunewise.Lab.Chat;

public static class LabChatClientAdapterExtensions
{
    /// <summary>
    /// Applies the PEFT LoRA adapter in <paramref name="adapterDirectory"/> to a lab chat client's model,
    /// merged into the base weights so generation costs no extra matmuls. The adapter's hash becomes part
    /// of the client's weights identity (and of <see cref="ChatClientMetadata.DefaultModelId"/>).
    /// </summary>
    public static IChatClient WithLoraAdapter(this IChatClient client, string adapterDirectory)
    {
        var lab = client.GetService<LabChatClient>()
            ?? throw new ArgumentException("LoRA adapters apply only to lab models (lab:…).", nameof(client));
        var hash = PeftAdapter.Hash(adapterDirectory);
        lab.ApplyAdapter(model =>
        {
            var adapter = PeftAdapter.Load(model, adapterDirectory);
            adapter.MergeIntoBase();
        }, hash);
        return client;
    }
}
