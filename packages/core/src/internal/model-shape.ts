/**
 * What the `wattlens` methodology needs to know about a transformer to count the bytes it reads and
 * the FLOPs it does per token. Parameter counts are absolute (not billions).
 */
export interface ModelShape {
  readonly layers: number;
  /** Parameters used by every token: attention, norms, shared experts, router, output head (input embeddings excluded: only looked up). */
  readonly denseParameters: number;
  /** Parameters of one routed expert summed over all layers (0 for a dense model). */
  readonly expertParameters: number;
  /** Routed experts per layer (0 for a dense model). */
  readonly experts: number;
  /** Routed experts used per token. */
  readonly expertsPerToken: number;
  /** Key and value cache per token of context, bytes (bf16). */
  readonly kvBytesPerToken: number;
  /**
   * Activations written and read per token outside the weights and the KV cache, bytes: per layer
   * about 8 hidden-wide and 4 FFN-wide bf16 tensors (norms, projections, residuals, gated
   * activation), plus fp32 logits written and read.
   */
  readonly activationBytesPerToken: number;
  /** Attention FLOPs per token per token of context: 4 × layers × heads × head size (QKᵀ and AV). */
  readonly attentionFlopsPerContextToken: number;
  /** Whether the shape was published, or derived from the parameter count alone. */
  readonly derived: boolean;
}

/** Architecture facts, as a catalog entry or a deployment spec gives them. Parameters in billions. */
export interface ArchitectureFacts {
  readonly totalParameters: number;
  readonly activeParameters: number;
  readonly architecture: 'dense' | 'moe';
  readonly layers?: number | undefined;
  readonly hiddenSize?: number | undefined;
  readonly attentionHeads?: number | undefined;
  readonly kvHeads?: number | undefined;
  readonly headDim?: number | undefined;
  readonly ffnSize?: number | undefined;
  readonly experts?: number | undefined;
  readonly expertsPerToken?: number | undefined;
  readonly sharedExperts?: number | undefined;
  readonly expertFfnSize?: number | undefined;
  readonly vocabSize?: number | undefined;
  /** The output head shares the input embedding matrix. */
  readonly tiedEmbeddings?: boolean | undefined;
  /** Feed-forward blocks have three matrices (SwiGLU/GeGLU) rather than two. @default true */
  readonly gatedFeedForward?: boolean | undefined;
  /** MoE layers that use a dense feed-forward block instead of experts. */
  readonly denseLayers?: number | undefined;
  /** Multi-head latent attention: the KV cache holds a latent of this rank (plus the rotary key). */
  readonly latentAttention?: { readonly keyValueRank: number; readonly ropeHeadDim: number } | undefined;
  /** Billions of parameters in a vision or audio encoder, not run for each generated token. */
  readonly encoderParameters?: number | undefined;
}

const BILLION = 1e9;

/**
 * Llama 3.1 8B/70B/405B (model cards): 32/80/126 layers, KV cache 131,072/327,680/516,096 bytes per
 * token. Fitted power laws stand in for unpublished shapes: layers ≈ 16·(P/1.2B)^0.36,
 * KV bytes ≈ 131,072·(P/8B)^0.42, hidden ≈ √(P / (12·layers)).
 */
function defaultLayers(activeParameters: number): number {
  return Math.max(4, Math.round(16 * (activeParameters / (1.2 * BILLION)) ** 0.36));
}

function defaultKvBytesPerToken(activeParameters: number): number {
  return 131_072 * (activeParameters / (8 * BILLION)) ** 0.42;
}

/** Vocabulary assumed when unknown (Llama 3: 128,256 tokens). */
const DEFAULT_VOCAB = 128_256;

/** Mixture-of-experts granularity assumed when unpublished: 16 experts, 2 per token (Mixtral, GPT-4 reports). */
const DEFAULT_EXPERTS = 16;
const DEFAULT_EXPERTS_PER_TOKEN = 2;

/**
 * Derives the shape used for byte and FLOP counts. Expert sizes come from total and active counts
 * alone (`expert = (total − active) / (experts − k)`), which holds whatever the attention variant;
 * the input embedding (vocab × hidden when known) is excluded from the bytes read per step.
 */
export function modelShape(facts: ArchitectureFacts): ModelShape {
  // A vision or audio encoder runs once per image or clip, not per token: leave it out.
  const encoder = (facts.encoderParameters ?? 0) * BILLION;
  const total = Math.max(facts.totalParameters * BILLION - encoder, 0.05 * facts.totalParameters * BILLION);
  const active = Math.min(Math.max(facts.activeParameters * BILLION - encoder, 0.05 * facts.activeParameters * BILLION), total);
  const published = facts.layers !== undefined && facts.hiddenSize !== undefined;
  const layers = facts.layers ?? defaultLayers(active);
  const hidden = facts.hiddenSize ?? Math.sqrt(active / (12 * layers));
  const heads = facts.attentionHeads;
  const headDim = facts.headDim ?? (heads === undefined ? undefined : hidden / heads);
  const queryWidth = heads !== undefined && headDim !== undefined ? heads * headDim : hidden;
  const kvHeads = facts.kvHeads ?? heads;
  const latent = facts.latentAttention;
  const kvBytesPerToken = latent !== undefined
    ? 2 * layers * (latent.keyValueRank + latent.ropeHeadDim)
    : kvHeads !== undefined && headDim !== undefined
      ? 2 * layers * kvHeads * headDim * 2
      : defaultKvBytesPerToken(active);
  // With latent attention (weights absorbed), each head scores against and reads the latent.
  const attentionFlopsPerContextToken = latent !== undefined && heads !== undefined
    ? 2 * layers * heads * (2 * latent.keyValueRank + latent.ropeHeadDim)
    : 4 * layers * queryWidth;

  // The input embedding is only looked up; a tied one is also read whole as the output head.
  const embedding = facts.vocabSize !== undefined ? facts.vocabSize * hidden : estimatedEmbedding(facts, layers, hidden, total);
  const inputEmbedding = facts.tiedEmbeddings === true ? 0 : embedding;

  let denseParameters: number;
  let expertParameters = 0;
  let experts = 0;
  let expertsPerToken = 0;
  if (facts.architecture === 'moe' && total > active) {
    experts = facts.experts ?? DEFAULT_EXPERTS;
    expertsPerToken = Math.min(facts.expertsPerToken ?? DEFAULT_EXPERTS_PER_TOKEN, experts - 1);
    expertParameters = (total - active) / (experts - expertsPerToken);
    denseParameters = active - expertsPerToken * expertParameters - inputEmbedding;
  } else {
    denseParameters = active - inputEmbedding;
  }
  const ffnWidth = facts.architecture === 'moe' && facts.expertFfnSize !== undefined
    ? facts.expertFfnSize * ((facts.expertsPerToken ?? DEFAULT_EXPERTS_PER_TOKEN) + (facts.sharedExperts ?? 0))
    : facts.ffnSize ?? 3.5 * hidden;
  const vocab = facts.vocabSize ?? (embedding > 0 ? embedding / hidden : DEFAULT_VOCAB);
  return {
    layers,
    activationBytesPerToken: 2 * layers * (8 * hidden + 4 * ffnWidth) + 8 * vocab,
    denseParameters: Math.max(denseParameters, 0.05 * active),
    expertParameters,
    experts,
    expertsPerToken,
    kvBytesPerToken,
    attentionFlopsPerContextToken,
    derived: !published,
  };
}

/**
 * Input embedding size when the vocabulary is not given: what the layers leave of the total,
 * halved (untied input and output embeddings, the Llama convention); 0 when the shape is unknown.
 */
function estimatedEmbedding(facts: ArchitectureFacts, layers: number, hidden: number, total: number): number {
  if (facts.layers === undefined || facts.hiddenSize === undefined || facts.attentionHeads === undefined) return 0;
  const headDim = facts.headDim ?? hidden / facts.attentionHeads;
  const kvHeads = facts.kvHeads ?? facts.attentionHeads;
  if (facts.latentAttention !== undefined) return 0;
  const attention = hidden * facts.attentionHeads * headDim * 2 + 2 * hidden * kvHeads * headDim;
  const matrices = facts.gatedFeedForward === false ? 2 : 3;
  let feedForward = 0;
  if (facts.architecture === 'moe' && facts.experts !== undefined && facts.expertFfnSize !== undefined) {
    const dense = facts.denseLayers ?? 0;
    const expertLayer = (facts.experts + (facts.sharedExperts ?? 0)) * matrices * hidden * facts.expertFfnSize + hidden * facts.experts;
    const denseLayer = facts.ffnSize === undefined ? expertLayer : matrices * hidden * facts.ffnSize;
    feedForward = ((layers - dense) * expertLayer + dense * denseLayer) / layers;
  } else if (facts.ffnSize !== undefined) {
    feedForward = matrices * hidden * facts.ffnSize;
  } else {
    return 0;
  }
  const remainder = total - layers * (attention + feedForward);
  if (remainder <= 0) return 0;
  // Tied: the remainder is the one embedding matrix; untied: input and output, half each.
  return facts.tiedEmbeddings === true ? remainder : remainder / 2;
}
