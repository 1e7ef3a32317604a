/**
 * A quantity with its uncertainty: `value` is the central estimate, `min` and `max` bound it.
 * A figure known exactly has `min === value === max`.
 */
export interface Range {
  readonly value: number;
  readonly min: number;
  readonly max: number;
}

/** The five impact criteria of an AI request. */
export interface Impacts {
  /** Final energy drawn from the grid, in kWh. */
  readonly energy: Range;
  /** Global warming potential, in kgCO2eq. */
  readonly gwp: Range;
  /** Abiotic depletion potential (elements), in kgSbeq. */
  readonly adpe: Range;
  /** Primary energy, in MJ. */
  readonly pe: Range;
  /** Water consumed (on-site cooling and off-site electricity generation), in litres. */
  readonly water: Range;
}

/** The impact criteria that apply to hardware manufacturing (no energy drawn at use time). */
export type EmbodiedImpacts = Omit<Impacts, 'energy'>;

/** Identifier of a methodology: how a request is turned into impacts. */
export type MethodologyId = 'wattlens' | 'ecologits';

/** What kind of work a request asked for. */
export type Modality = 'text' | 'embedding' | 'image' | 'audio-transcription' | 'audio-speech' | 'ocr';

/** Where token counts came from. */
export type TokenSource = 'reported' | 'counted' | 'estimated';

/** Where the energy figure came from: our model, or the provider's own measurement. */
export type EnergySource = 'estimated' | 'reported';

/** The request as the report understood it (never any prompt or completion text). */
export interface ReportedRequest {
  /** Canonical provider id (e.g. `openai`, `mistral`, `huggingface`, or an OpenAI-compatible host). */
  readonly provider: string;
  /** The model id as the caller named it. */
  readonly model: string;
  readonly modality: Modality;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens?: number;
  readonly reasoningTokens?: number;
  /** Wall-clock latency of the request, in milliseconds (absent when unknown). */
  readonly latencyMs?: number;
  readonly tokenSource: TokenSource;
  readonly energySource: EnergySource;
  /** Number of images generated (image modality). */
  readonly images?: number;
  /** Seconds of audio processed or produced (audio modalities). */
  readonly audioSeconds?: number;
  /** Pages processed (OCR). */
  readonly pages?: number;
  /** Image size, e.g. `1024x1024` (image modality). */
  readonly imageSize?: string;
  /** Image quality as the provider names it (`low`, `medium`, `high`, `standard`, `hd`). */
  readonly imageQuality?: string;
}

/** What a methodology assumed to produce a report. */
export interface ReportAssumptions {
  readonly methodology: MethodologyId;
  /** Version of the data (catalog, zones, hardware) used. */
  readonly dataVersion: string;
  /** Electricity zone (ISO 3166-1 alpha-3, or `WOR` for the world average). */
  readonly zone: string;
  /** Power usage effectiveness of the datacenter. */
  readonly pue: Range;
  /** On-site water usage effectiveness of the datacenter, in L/kWh of IT energy. */
  readonly wue: Range;
  /** Hardware profile id (e.g. `h100`, `a100-80gb`). */
  readonly hardware: string;
  /** Number of accelerators serving the model. */
  readonly gpus: Range;
  /** Number of requests served concurrently. */
  readonly batchSize: Range;
  /** Bytes per weight assumed (2 = BF16, 1 = FP8); `wattlens` methodology only. */
  readonly weightBytes?: Range;
  /** Share of provisioned accelerator time spent serving; `wattlens` methodology only. */
  readonly utilization?: Range;
  /** Real-serving accelerator energy over the ideal steady state; `wattlens` methodology only. */
  readonly servingOverhead?: Range;
  /** The catalog entry the model resolved to, with its parameter counts in billions. */
  readonly model: ResolvedModelSummary;
}

/** The model a report was computed for, as resolved in the catalog. */
export interface ResolvedModelSummary {
  /** Catalog id of the entry used (may differ from the requested id: alias, fallback). */
  readonly id: string;
  readonly provider: string;
  readonly architecture: 'dense' | 'moe';
  /** Total parameters, in billions. */
  readonly totalParameters: Range;
  /** Parameters active per token, in billions. */
  readonly activeParameters: Range;
  /** How the entry was found. */
  readonly match: 'exact' | 'alias' | 'cross-provider' | 'fallback' | 'spec';
}

/** Energy per term, in kWh, so that each can be checked on its own. */
export interface EnergyBreakdown {
  readonly gpu: { readonly prefill: Range; readonly decode: Range };
  /** Server share outside the accelerators: CPU, memory, network. */
  readonly server: Range;
  /** Idle and over-provisioned capacity, and the datacenter overhead (PUE). */
  readonly overhead: Range;
}

/** A warning attached to a report: something the caller should know about its precision. */
export interface ReportWarning {
  /** Stable kebab-case code, e.g. `model-unknown`, `zone-unknown`, `model-arch-not-released`. */
  readonly code: string;
  readonly message: string;
}

/** The environmental impact of one AI request, with what was assumed to compute it. */
export interface ImpactReport extends Impacts {
  readonly usage: Impacts;
  readonly embodied: EmbodiedImpacts;
  readonly breakdown: EnergyBreakdown;
  readonly request: ReportedRequest;
  readonly assumptions: ReportAssumptions;
  readonly warnings: readonly ReportWarning[];
}
