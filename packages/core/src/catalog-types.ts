import type { Range } from './impact-report';

/** Where a fact comes from: a document, a dataset, a model card. */
export interface DataSource {
  /** What the source is, e.g. `Llama 3.1 model card` or `Ember yearly electricity data`. */
  readonly title: string;
  readonly url?: string;
  /** When it was published or retrieved (ISO date, `YYYY-MM-DD` or `YYYY-MM`). */
  readonly date: string;
}

/** EcoLogits 0.9.1's own figures for a model, used by `methodology: 'ecologits'`. */
export interface EcoLogitsModelFigures {
  /** Total parameters, in billions, as EcoLogits 0.9.1 has them. */
  readonly totalParameters: Range;
  /** Active parameters, in billions, as EcoLogits 0.9.1 has them. */
  readonly activeParameters: Range;
  /** EcoLogits' warning codes for the model (`model-arch-not-released`, `model-arch-multimodal`). */
  readonly warnings: readonly string[];
  /**
   * The names (among the entry's id and aliases) under which EcoLogits 0.9.1 lists the model. Set
   * when only some of them are: a `-latest` alias that now points to a version newer than
   * EcoLogits' catalog keeps EcoLogits' figures for that alias only. When absent, the figures hold
   * for every name of the entry.
   */
  readonly names?: readonly string[];
}

/**
 * Multi-head latent attention (DeepSeek-V2/V3): keys and values, and optionally queries, are
 * projected through a low-rank latent; the KV cache holds the latent, not per-head keys and values.
 */
export interface LatentAttention {
  /** Rank of the query projection's latent (`q_lora_rank`); absent when queries are projected directly. */
  readonly queryRank?: number;
  /** Rank of the key-value latent (`kv_lora_rank`), the width of the KV cache per token and layer. */
  readonly keyValueRank: number;
  /** Per-head query/key dimension without rotary position (`qk_nope_head_dim`). */
  readonly headDim: number;
  /** Per-head query/key dimension with rotary position (`qk_rope_head_dim`), shared by all heads for the key. */
  readonly ropeHeadDim: number;
  /** Per-head value dimension (`v_head_dim`). */
  readonly valueHeadDim: number;
}

/** What a model does; drives which per-unit estimate applies. */
export type ModelTask =
  | 'text-generation'
  | 'embedding'
  | 'image-generation'
  | 'speech-to-text'
  | 'text-to-speech'
  | 'ocr'
  | 'moderation';

/** One model of the catalog. Parameter counts are in billions. */
export interface ModelEntry {
  /** Canonical provider id serving the model (`openai`, `mistral`, `huggingface`, …). */
  readonly provider: string;
  /** The id callers use with that provider, e.g. `gpt-4o` or `meta-llama/Llama-3.1-8B-Instruct`. */
  readonly id: string;
  /** Other ids for the same model at the same provider (dated snapshots, `-latest` names). */
  readonly aliases?: readonly string[];
  /** What the model does. @default 'text-generation' */
  readonly task?: ModelTask;
  readonly architecture: 'dense' | 'moe';
  /** Total parameters, in billions (a range for closed models). */
  readonly totalParameters: Range;
  /** Parameters used per token, in billions (equals total for dense models). */
  readonly activeParameters: Range;
  /** Transformer shape, wherever it is published. */
  readonly layers?: number;
  readonly hiddenSize?: number;
  readonly attentionHeads?: number;
  readonly kvHeads?: number;
  readonly headDim?: number;
  /** Feed-forward (intermediate) size of a dense layer. */
  readonly ffnSize?: number;
  /** Mixture-of-experts: routed experts per layer, experts used per token, shared experts, expert FFN size. */
  readonly experts?: number;
  readonly expertsPerToken?: number;
  readonly sharedExperts?: number;
  readonly expertFfnSize?: number;
  readonly vocabSize?: number;
  /** Whether the output head shares the input embedding matrix (`tie_word_embeddings`). */
  readonly tiedEmbeddings?: boolean;
  /**
   * Whether each feed-forward block is gated (SwiGLU/GeGLU: three matrices) rather than plain
   * (two matrices, as in BERT or GPT-2). @default true
   */
  readonly gatedFeedForward?: boolean;
  /**
   * Mixture-of-experts models only: how many of the `layers` use a dense feed-forward block of
   * `ffnSize` instead of experts (DeepSeek-V3's first three layers, every other layer of Llama 4
   * Maverick). @default 0
   */
  readonly denseLayers?: number;
  /** Multi-head latent attention, for models that use it instead of grouped-query attention. */
  readonly latentAttention?: LatentAttention;
  /**
   * Parameters of a vision or audio encoder, in billions, counted in `totalParameters` (and in
   * `activeParameters` of a dense model, which equal its total) but not run for each generated
   * token (e.g. Gemma 3's 0.4B SigLIP encoder).
   */
  readonly encoderParameters?: number;
  /** Longest context the model accepts, in tokens. */
  readonly contextWindow?: number;
  /** Whether the weights are published (the architecture fields are then facts, not estimates). */
  readonly openWeights: boolean;
  /** Whether the model takes images or audio as input (its text-only cost is less certain). */
  readonly multimodal?: boolean;
  /** Release month, `YYYY-MM`. */
  readonly release?: string;
  /** For models whose size is not published: how the parameter range was estimated. */
  readonly estimate?: string;
  /** EcoLogits 0.9.1's figures for this model, when it has the model. */
  readonly ecologits?: EcoLogitsModelFigures;
  readonly sources: readonly DataSource[];
  /** When the entry was last checked, `YYYY-MM-DD`. */
  readonly checked: string;
}

/** Impact factors of the electricity of one zone, per kWh drawn. */
export interface ElectricityFactors {
  /** Life-cycle greenhouse-gas intensity, kgCO2eq/kWh. */
  readonly gwp: number;
  /** Abiotic depletion potential (elements), kgSbeq/kWh. */
  readonly adpe: number;
  /** Primary energy, MJ/kWh. */
  readonly pe: number;
  /** Water consumed off-site to generate the electricity, L/kWh. */
  readonly water: number;
}

/** An electricity zone: a country, or an average (`WOR` world, `EUR` European Union). */
export interface ZoneEntry extends ElectricityFactors {
  /** ISO 3166-1 alpha-3 code, or `WOR` / `EUR`. */
  readonly code: string;
  readonly name: string;
  /** Year the factors describe. */
  readonly year: number;
  /** Source of each factor. */
  readonly sources: { readonly [K in keyof ElectricityFactors]: DataSource };
  /** EcoLogits 0.9.1's own factors for this zone, when it has the zone (`water` is its `wue`). */
  readonly ecologits?: ElectricityFactors;
}

/** Where and how a provider (or an OpenAI-compatible host) serves models by default. */
export interface ProviderProfile {
  /** Canonical id, e.g. `openai`, `mistral`, `groq`. */
  readonly id: string;
  readonly name: string;
  /** Other names accepted for this provider (EcoLogits' `mistralai`, `huggingface_hub`, …). */
  readonly aliases?: readonly string[];
  /** Electricity zone of its datacenters, ISO 3166-1 alpha-3. */
  readonly zone: string;
  /** Datacenter power usage effectiveness. */
  readonly pue: Range;
  /** Datacenter on-site water usage effectiveness, L/kWh of IT energy. */
  readonly wue: Range;
  /** Hardware profile id it serves on by default. */
  readonly hardware: string;
  /** EcoLogits 0.9.1's defaults for this provider, when it has one. */
  readonly ecologits?: { readonly zone: string; readonly pue: Range; readonly wue: Range };
  readonly sources: readonly DataSource[];
  readonly checked: string;
}
