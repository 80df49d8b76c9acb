using Tunewise.Studies;

namespace Tunewise.FineTuning.Planning;

/// <summary>
/// Estimates parameters, memory, FLOPs, time and cost of fine-tuning a dense decoder.
/// Memory follows the ZeRO accounting for weights, gradients and Adam state, the QLoRA storage
/// format for 4-bit weights, and a per-layer activation count after Korthikanti et al. 2022.
/// </summary>
public static class TrainingPlanner
{
    /// <summary>Largest ZeRO-3/FSDP shard count considered: eight nodes of eight GPUs.</summary>
    public const int MaxShardedGpus = 64;

    /// <summary>NF4 block size: one quantization constant per 64 weights (QLoRA §3).</summary>
    public const int QuantBlockSize = 64;

    /// <summary>Double quantization groups 256 first-level constants under one fp32 constant (QLoRA §3).</summary>
    public const int DoubleQuantBlockSize = 256;

    public static readonly IReadOnlyList<string> Citations =
    [
        "Rajbhandari et al. 2020, ZeRO: Memory Optimizations Toward Training Trillion Parameter Models (16 bytes/parameter for mixed-precision Adam)",
        "Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models (per-layer activation memory, 34·s·b·h + 5·a·s²·b bytes)",
        "Dettmers et al. 2023, QLoRA: Efficient Finetuning of Quantized LLMs (NF4 4-bit weights, blocksize 64, double quantization)",
        "Hu et al. 2021, LoRA: Low-Rank Adaptation of Large Language Models (r·(d_in+d_out) parameters per adapted matrix; no weight gradients for frozen weights)",
        "Kaplan et al. 2020, Scaling Laws for Neural Language Models (≈6·N FLOPs per training token)",
    ];

    public static TrainingPlan Plan(ModelArchitecture architecture, PlanRequest request, GpuCatalog? gpus = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        gpus ??= GpuCatalog.Default;

        var parameters = architecture.CountParameters();
        long trainable = TrainableParameters(architecture, request, parameters);
        var memory = EstimateMemory(architecture, request, parameters, trainable);
        double tokens = request.Examples * (double)request.SequenceLength * request.Epochs;
        double flops = EstimateFlops(architecture, request, parameters, trainable, tokens);

        return new TrainingPlan
        {
            Architecture = architecture,
            Request = request,
            Parameters = parameters,
            TrainableParameters = trainable,
            AdapterBytes = AdapterFileBytes(architecture, request, parameters, trainable),
            BaseCheckpointBytes = parameters.Total * 2,
            Memory = memory,
            Tokens = tokens,
            Flops = flops,
            Gpus = gpus.Gpus.Select(g => OnGpu(g, memory, flops) with { Cheapest = CheapestFit(architecture, request, g) }).ToList(),
            Assumptions = Assumptions(request),
            Sources = Citations.Concat(gpus.Gpus.Select(g => $"{g.Name}: {g.SpecSource}; {g.PriceSource} (as of {g.AsOf:yyyy-MM-dd}); MFU {g.AssumedMfu:0.00} assumed")).ToList(),
        };
    }

    /// <summary>LoRA parameters: r·(d_in + d_out) for each adapted matrix in each layer.</summary>
    public static long LoraParameters(ModelArchitecture architecture, int rank, LoraTarget targets)
    {
        long perLayer = LoraTargets.Each(targets)
            .Where(t => architecture.Projections.Contains(t))
            .Sum(t => (long)rank * (architecture.Shape(t).In + architecture.Shape(t).Out));
        return perLayer * architecture.NumHiddenLayers;
    }

    private static long TrainableParameters(ModelArchitecture architecture, PlanRequest request, ParameterCount parameters)
    {
        if (request.Method == FineTuneMethod.Full)
        {
            return parameters.Total;
        }

        var present = LoraTargets.Each(request.LoraTargets).Where(t => architecture.Projections.Contains(t)).ToList();
        if (present.Count == 0)
        {
            throw new UserInputException(
                $"None of the LoRA targets ({LoraTargets.Format(request.LoraTargets)}) exist in {architecture.Name}; it has {string.Join(", ", LoraTargets.ModuleNames(architecture.Projections.Aggregate(LoraTarget.None, (a, t) => a | t)))}.");
        }

        return LoraParameters(architecture, request.LoraRank, request.LoraTargets);
    }

    private static int AdaptedMatricesPerLayer(ModelArchitecture architecture, LoraTarget targets) =>
        LoraTargets.Each(targets).Count(t => architecture.Projections.Contains(t));

    /// <summary>Weights, gradients, Adam state and activations at the peak of one training step on one device.</summary>
    public static MemoryBreakdown EstimateMemory(ModelArchitecture architecture, PlanRequest request)
    {
        var parameters = architecture.CountParameters();
        return EstimateMemory(architecture, request, parameters, TrainableParameters(architecture, request, parameters));
    }

    private static MemoryBreakdown EstimateMemory(ModelArchitecture architecture, PlanRequest request, ParameterCount parameters, long trainable)
    {
        var precision = request.Precision;
        long weights = request.Method switch
        {
            FineTuneMethod.Full => parameters.Total * precision.TrainableWeightBytes,
            FineTuneMethod.Lora => parameters.Total * precision.FrozenWeightBytes + trainable * precision.TrainableWeightBytes,
            FineTuneMethod.Qlora => QuantizedBytes(parameters.LinearWeights, request.DoubleQuantization)
                + parameters.NonLinear * precision.FrozenWeightBytes
                + trainable * precision.TrainableWeightBytes
                + (request.KeepsDequantizedWeights ? parameters.LinearWeights * precision.FrozenWeightBytes : 0),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Method, null),
        };

        return new MemoryBreakdown(
            Weights: weights,
            Gradients: trainable * precision.GradientBytes,
            OptimizerState: trainable * precision.OptimizerBytes,
            Activations: ActivationBytes(architecture, request));
    }

    /// <summary>
    /// NF4 packs two weights per byte; each block of 64 adds a constant: fp32 (4 bytes), or with
    /// double quantization an 8-bit constant plus one fp32 per 256 blocks.
    /// </summary>
    private static long QuantizedBytes(long weights, bool doubleQuantization)
    {
        double blocks = Math.Ceiling(weights / (double)QuantBlockSize);
        double constants = doubleQuantization
            ? blocks * 1 + Math.Ceiling(blocks / DoubleQuantBlockSize) * 4
            : blocks * 4;
        return (long)Math.Ceiling(weights / 2.0 + constants);
    }

    /// <summary>
    /// Activation memory, after Korthikanti et al. 2022 §4.1, with no tensor or sequence parallelism
    /// and no dropout. Per token and layer it keeps: the inputs of both norms (2h), the attention
    /// input (h), Q (n_q·d), K and V (2·n_kv·d), the attention output (n_q·d), the MLP input (h) and
    /// the MLP intermediates (4·I for SwiGLU: gate, up, SiLU(gate), product; 2·I for GeLU). For a
    /// GPT layer that is 32·s·b·h bytes in 16-bit: their 34·s·b·h less the two dropout masks.
    /// Without flash attention the softmax probabilities add a·s per token. LoRA adds r per adapted
    /// matrix, and with dropout its dropped input and its mask. With checkpointing only each
    /// layer's input (h) is kept, plus one layer's full set during its recomputation. The logits add
    /// V·(activation bytes + 4) per token: the model's logits plus the fp32 copy the loss works on.
    /// When every forward tensor is kept (<see cref="ActivationRetention.EveryForwardTensor"/>) the
    /// count is of every tensor the forward pass creates instead (<see cref="EveryForwardTensorBytes"/>).
    /// </summary>
    public static long ActivationBytes(ModelArchitecture architecture, PlanRequest request)
    {
        if (request.Retention == ActivationRetention.EveryForwardTensor)
        {
            return EveryForwardTensorBytes(architecture, request);
        }

        double tokens = (double)request.SequenceLength * request.MicroBatchSize;
        long h = architecture.HiddenSize;
        long mlp = architecture.Mlp == MlpKind.Gated ? 4L * architecture.IntermediateSize : 2L * architecture.IntermediateSize;
        double elementsPerToken = 4 * h + 2L * architecture.QueryDim + 2L * architecture.KeyValueDim + mlp;
        if (!request.FlashAttention)
        {
            elementsPerToken += (double)architecture.NumAttentionHeads * request.SequenceLength;
        }

        int bytes = request.Precision.ActivationBytes;
        double perLayer = tokens * (elementsPerToken * bytes + AdapterBytesPerToken(architecture, request));
        double layers = request.GradientCheckpointing
            ? architecture.NumHiddenLayers * tokens * h * bytes + perLayer
            : architecture.NumHiddenLayers * perLayer;
        double logits = tokens * architecture.VocabSize * (bytes + 4);
        return (long)Math.Ceiling(layers + logits);
    }

    /// <summary>
    /// Activation memory when every tensor the forward pass creates lives until the step ends, as in
    /// the lab engine, counted op by op from its Llama layer (fp32 throughout, per token):
    /// <list type="bullet">
    /// <item>each RMSNorm: x², x·rsqrt(mean), weight·(…) = 3h, plus three per-token scalars;</item>
    /// <item>the q, k and v projections: n_q·d + 2·n_kv·d;</item>
    /// <item>rotary embedding on q and k: −x₂ (half), cat, x·cos, rotate(x)·sin and their sum = 4.5 each;</item>
    /// <item>grouped-query attention repeats k and v to every query head: 2·n_q·d when n_kv &lt; n_q;</item>
    /// <item>attention output n_q·d and its log-sum-exp, one per head (libtorch's CPU flash kernel
    /// writes the output token-major, so merging the heads is a view; without flash attention, a·s
    /// for the softmax and as much again for the scores);</item>
    /// <item>o_proj and the residual sum, 2h; the MLP's gate, SiLU, up and product, 4·I (2·I ungated),
    /// down_proj and the residual sum, 2h.</item>
    /// </list>
    /// A LoRA layer adds its rank-r down-projection, and with dropout its dropped input and the mask.
    /// Outside the layers: the embedding output and the final norm (4h), and the logits three times
    /// (the model's, the shifted copy the loss flattens, its log-probabilities). On top comes the
    /// backward pass's largest working set of gradients, while all of that is still held: the two
    /// vocabulary-sized gradients it starts from (2·V), or in the last MLP the gradients of the
    /// product, SiLU and up (3·I for SwiGLU, I otherwise) and of the layer's input and output (2h).
    /// </summary>
    public static long EveryForwardTensorBytes(ModelArchitecture architecture, PlanRequest request)
    {
        double tokens = (double)request.SequenceLength * request.MicroBatchSize;
        double h = architecture.HiddenSize;
        double q = architecture.QueryDim;
        double kv = architecture.KeyValueDim;
        double heads = architecture.NumAttentionHeads;
        double mlp = architecture.Mlp == MlpKind.Gated ? 4.0 * architecture.IntermediateSize : 2.0 * architecture.IntermediateSize;

        double norms = 2 * (3 * h + 3);
        double projections = q + 2 * kv;
        double rotary = 4.5 * (q + kv);
        double repeatedKeyValues = architecture.NumKeyValueHeads < architecture.NumAttentionHeads ? 2 * q : 0;
        double attention = q + heads + (request.FlashAttention ? 0 : 2 * heads * request.SequenceLength);
        double elementsPerLayer = norms + projections + rotary + repeatedKeyValues + attention + 2 * h + mlp + 2 * h;

        int bytes = request.Precision.ActivationBytes;
        double layers = architecture.NumHiddenLayers * tokens * (elementsPerLayer * bytes + AdapterBytesPerToken(architecture, request));
        double mlpGradients = (architecture.Mlp == MlpKind.Gated ? 3.0 : 1.0) * architecture.IntermediateSize + 2 * h;
        double backwardWorkingSet = Math.Max(2.0 * architecture.VocabSize, mlpGradients);
        double outside = tokens * (4 * h + 3 + 3.0 * architecture.VocabSize + backwardWorkingSet) * bytes;
        return (long)Math.Ceiling(layers + outside);
    }

    /// <summary>Per token and layer: r per adapted matrix, plus with dropout its dropped input and the mask.</summary>
    private static double AdapterBytesPerToken(ModelArchitecture architecture, PlanRequest request)
    {
        if (request.Method == FineTuneMethod.Full)
        {
            return 0;
        }

        int bytes = request.Precision.ActivationBytes;
        double total = 0;
        foreach (var matrix in LoraTargets.Each(request.LoraTargets).Where(t => architecture.Projections.Contains(t)))
        {
            total += (double)request.LoraRank * bytes;
            if (request.LoraDropout > 0)
            {
                total += architecture.Shape(matrix).In * (double)(bytes + request.DropoutMaskBytes);
            }
        }

        return total;
    }

    /// <summary>
    /// Training FLOPs: 2·N forward and 4·N backward per token for full fine-tuning (6·N, Kaplan et
    /// al. 2020). With frozen weights the backward pass computes input gradients only, so LoRA and
    /// QLoRA cost ≈4·N plus 6 per adapter parameter (the LoRA paper reports the saving as a 25%
    /// speed-up on GPT-3). Checkpointing recomputes the forward: +2·N. N counts the matrices a token
    /// passes through: the decoder and the output projection, not the embedding lookup.
    /// </summary>
    private static double EstimateFlops(ModelArchitecture architecture, PlanRequest request, ParameterCount parameters, long trainable, double tokens)
    {
        double computeParameters = parameters.Total - parameters.Embeddings + (parameters.LmHead == 0 ? (double)architecture.VocabSize * architecture.HiddenSize : 0);
        double perToken = request.Method == FineTuneMethod.Full
            ? 6 * computeParameters
            : 4 * computeParameters + 6.0 * trainable;
        if (request.GradientCheckpointing)
        {
            perToken += 2 * computeParameters;
        }

        return perToken * tokens;
    }

    /// <summary>safetensors: the tensors plus an 8-byte length and a JSON header of ≈128 bytes per tensor.</summary>
    private static long AdapterFileBytes(ModelArchitecture architecture, PlanRequest request, ParameterCount parameters, long trainable)
    {
        const int headerBytesPerTensor = 128;
        if (request.Method == FineTuneMethod.Full)
        {
            long tensors = architecture.NumHiddenLayers * (architecture.Projections.Count + 2L) + 3;
            return parameters.Total * request.AdapterFileBytesPerParameter + 8 + tensors * headerBytesPerTensor;
        }

        long loraTensors = 2L * AdaptedMatricesPerLayer(architecture, request.LoraTargets) * architecture.NumHiddenLayers;
        return trainable * request.AdapterFileBytesPerParameter + 8 + loraTensors * headerBytesPerTensor;
    }

    /// <summary>
    /// The cheapest configuration of <paramref name="request"/> that fits <paramref name="gpu"/>, as practitioners choose
    /// one: the batch per optimizer step is kept (micro-batch × gradient accumulation ≥ the request's micro-batch), the
    /// micro-batch halved until the job fits, and gradient checkpointing switched on when it is needed, since it costs a
    /// second forward pass. The micro-batch does not change the FLOPs, so the largest one that fits is taken. A job that
    /// fits no single GPU even at micro-batch 1 with checkpointing is sharded (<see cref="GpuFit.Sharded"/>) over the
    /// fewest GPUs that hold it, up to <see cref="MaxShardedGpus"/>; beyond that, null.
    /// </summary>
    public static GpuFit? CheapestFit(ModelArchitecture architecture, PlanRequest request, GpuSpec gpu)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(gpu);
        var parameters = architecture.CountParameters();
        long trainable = TrainableParameters(architecture, request, parameters);
        double tokens = request.Examples * (double)request.SequenceLength * request.Epochs;
        // Checkpointing needs forward tensors to be freed, so a plan that keeps every one (the lab's) is searched without it.
        bool[] checkpointing = request.Retention == ActivationRetention.EveryForwardTensor ? [false] : [false, true];
        (MemoryBreakdown Memory, int Accumulation, bool Recompute, double Hours)? smallest = null;
        foreach (var recompute in checkpointing)
        {
            for (var micro = request.MicroBatchSize; micro >= 1; micro = micro == 1 ? 0 : (micro + 1) / 2)
            {
                var candidate = request with { MicroBatchSize = micro, GradientCheckpointing = recompute };
                var memory = EstimateMemory(architecture, candidate, parameters, trainable);
                var accumulation = (int)Math.Ceiling(request.MicroBatchSize / (double)micro);
                var hours = EstimateFlops(architecture, candidate, parameters, trainable, tokens) / gpu.EffectiveFlopsPerSecond / 3600;
                if (memory.Total <= gpu.MemoryBytes)
                    return new GpuFit(micro, accumulation, recompute, 1, memory.Total, hours, hours * gpu.UsdPerHour);
                if (micro == 1)
                    smallest = (memory, accumulation, recompute, hours);
            }
        }
        if (smallest is not { } least || least.Memory.Activations >= gpu.MemoryBytes)
            return null;
        // ZeRO-3/FSDP divide weights, gradients and optimizer state; each GPU keeps its own activations.
        var count = (int)Math.Max(2, Math.Ceiling(least.Memory.Shardable / (double)(gpu.MemoryBytes - least.Memory.Activations)));
        if (count > MaxShardedGpus)
            return null;
        var wall = least.Hours / count;
        var perGpu = least.Memory.Activations + (long)Math.Ceiling(least.Memory.Shardable / (double)count);
        return new GpuFit(1, least.Accumulation, least.Recompute, count, perGpu, wall, wall * count * gpu.UsdPerHour);
    }

    private static GpuEstimate OnGpu(GpuSpec gpu, MemoryBreakdown memory, double flops)
    {
        int? count = null;
        if (memory.Total <= gpu.MemoryBytes)
        {
            count = 1;
        }
        else if (memory.Activations < gpu.MemoryBytes)
        {
            // ZeRO-3/FSDP split weights, gradients and optimizer state; each GPU keeps its own activations.
            long room = gpu.MemoryBytes - memory.Activations;
            long needed = (long)Math.Ceiling(memory.Shardable / (double)room);
            count = needed <= MaxShardedGpus ? (int)Math.Max(2, needed) : null;
        }

        if (count is not { } n)
        {
            return new GpuEstimate(gpu.Name, Fits: false, GpuCount: null, Hours: null, Usd: null, gpu);
        }

        double hours = flops / (n * gpu.EffectiveFlopsPerSecond) / 3600;
        return new GpuEstimate(gpu.Name, Fits: n == 1, GpuCount: n, Hours: hours, Usd: hours * n * gpu.UsdPerHour, gpu);
    }

    private static IReadOnlyList<string> Assumptions(PlanRequest request)
    {
        var list = new List<string>
        {
            $"Precision {request.Precision.Name}: {request.Precision.BytesPerTrainableParameter} bytes per trainable parameter (weights {request.Precision.TrainableWeightBytes} + gradients {request.Precision.GradientBytes} + Adam state {request.Precision.OptimizerBytes}); frozen weights {request.Precision.FrozenWeightBytes} bytes; activations {request.Precision.ActivationBytes} bytes.",
            $"Activations for micro-batch {request.MicroBatchSize} × sequence {request.SequenceLength}, {(request.FlashAttention ? "flash attention (no s×s matrix stored)" : "attention softmax stored (no flash attention)")}, no dropout, {(request.GradientCheckpointing ? "gradient checkpointing (layer inputs kept, one layer recomputed at a time)" : "no gradient checkpointing")}.",
            $"Tokens = examples × sequence length × epochs = {request.Examples} × {request.SequenceLength} × {request.Epochs}; sequences packed or padded to full length.",
            "A GPU fits the job when peak memory ≤ its memory; no allowance for the CUDA context or allocator fragmentation (typically 0.5–2 GB).",
            $"Jobs that do not fit one GPU are sharded with ZeRO-3/FSDP (weights, gradients and optimizer state divided, activations per GPU), up to {MaxShardedGpus} GPUs, with perfect scaling.",
            "Time = FLOPs / (GPUs × dense BF16 peak × assumed MFU); attention FLOPs beyond the 6·N rule are ignored.",
        };
        if (request.Retention == ActivationRetention.EveryForwardTensor)
        {
            list.Add("Every tensor the forward pass creates is kept until the step ends (the lab engine's per-step dispose scope), not only those autograd saves; the backward pass's largest set of gradients is counted on top. Allocator slack is not counted.");
        }

        if (request.Method != FineTuneMethod.Full && request.LoraDropout > 0)
        {
            list.Add($"LoRA dropout {request.LoraDropout:0.##}: each adapted matrix keeps its dropped input and a {request.DropoutMaskBytes}-byte-per-element mask.");
        }

        if (request.Method == FineTuneMethod.Qlora && request.KeepsDequantizedWeights)
        {
            list.Add($"Each projection's dequantized weight ({request.Precision.FrozenWeightBytes} bytes per weight) is kept for the backward pass, as the lab's NF4 layer multiplies by an ordinary dequantized tensor.");
        }

        if (request.Method == FineTuneMethod.Qlora)
        {
            list.Add($"QLoRA: decoder projection weights in NF4 (0.5 bytes) plus {(request.DoubleQuantization ? "double-quantized 8-bit constants per 64 weights and one fp32 per 256 constants" : "one fp32 constant per 64 weights")}; embeddings, norms, biases and lm_head stay at {request.Precision.FrozenWeightBytes} bytes.");
        }

        return list;
    }
}
