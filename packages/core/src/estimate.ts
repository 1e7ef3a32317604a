import type { ImpactReport, MethodologyId, Modality, TokenSource } from './impact-report';
import type { Catalog } from './catalog';
import { defaultCatalog } from './catalog';
import { InvalidRequestError } from './errors/invalid-request-error';
import { resolveRequest } from './internal/resolve-request';
import { ecologitsMethodology } from './methodologies/ecologits';
import { wattlensMethodology } from './methodologies/wattlens';

/** A range given as input: a number, or `{ min, max }` with an optional central `value`. */
export type RangeInput = number | { readonly min: number; readonly max: number; readonly value?: number };

/** One AI request, as `estimate()` takes it. Token counts are integers; no text is ever needed. */
export interface EstimateRequest {
  /**
   * Provider or host id: `openai`, `mistral`, `huggingface`, `anthropic`, `google`, `cohere`,
   * an OpenAI-compatible host (`groq`, `together`, `azure`, `ollama`, `vllm`, …), or EcoLogits'
   * names (`mistralai`, `huggingface_hub`, `google_genai`).
   */
  readonly provider: string;
  /** Model id as sent to the provider, e.g. `gpt-4o-mini` or `meta-llama/Llama-3.1-8B-Instruct`. */
  readonly model: string;
  /** Prompt tokens, cached ones included. @default 0 */
  readonly inputTokens?: number;
  /** Generated tokens, reasoning tokens included. @default 0 */
  readonly outputTokens?: number;
  /** Prompt tokens served from the provider's prompt cache. */
  readonly cachedInputTokens?: number;
  /** Hidden reasoning tokens (already counted in `outputTokens`). */
  readonly reasoningTokens?: number;
  /** Wall-clock latency of the whole request, in milliseconds. */
  readonly latencyMs?: number;
  /** Kind of work. @default 'text' */
  readonly modality?: Modality;
  /** Where the token counts came from. @default 'reported' */
  readonly tokenSource?: TokenSource;
  /** Images generated (image modality). */
  readonly images?: number;
  /** Seconds of audio transcribed or synthesised (audio modalities). */
  readonly audioSeconds?: number;
  /** Pages processed (OCR). */
  readonly pages?: number;
  /** Image size, e.g. `1024x1024` (image modality). */
  readonly imageSize?: string;
  /** Image quality as the provider names it: `low`, `medium`, `high`, `standard`, `hd` (image modality). */
  readonly imageQuality?: string;
  /** Energy the provider itself reported for this request, in joules (outranks any estimate). */
  readonly reportedEnergyJoules?: number;
}

/**
 * A model's architecture, as a deployment spec gives it. Parameter counts are absolute numbers
 * (`8030261248`) or billions (`8.03`): values above 100,000 are read as absolute.
 */
export interface ModelArchitectureSpec {
  readonly totalParams: number;
  /** Parameters used per token. @default totalParams */
  readonly activeParams?: number;
  readonly layers?: number;
  readonly hiddenSize?: number;
  readonly heads?: number;
  readonly kvHeads?: number;
  readonly headDim?: number;
  /** Feed-forward (intermediate) size of a dense layer. */
  readonly ffnSize?: number;
  /** Routed experts per layer (mixture of experts). */
  readonly experts?: number;
  readonly expertsPerToken?: number;
  readonly expertFfnSize?: number;
  readonly sharedExperts?: number;
  readonly vocabSize?: number;
}

/**
 * How a model is deployed, for people who serve their own (or know how their provider does):
 * overrides the catalog's model, the provider's hardware and the serving assumptions.
 * `methodology: 'wattlens'` only.
 */
export interface DeploymentSpec {
  /** The model's architecture; replaces the catalog entry. */
  readonly model?: ModelArchitectureSpec;
  /** Hardware profile id: `h100`, `h200`, `b200`, `a100`. @default the provider's */
  readonly hardware?: string;
  /** Accelerators serving one model replica. @default the fewest (power of two) that hold weights and KV cache */
  readonly gpus?: number;
  /** Sequences decoded together. @default the model class's range (e.g. 32–256 for small models) */
  readonly batchSize?: RangeInput;
  /** Bits per weight: 16 (BF16), 8 (FP8), 4. @default 16 with a spec, else the model class's range */
  readonly weightBits?: number;
  /** Share of provisioned accelerator time spent serving (1 = never idle). @default 1 with a spec model, else 0.5–0.85 */
  readonly utilization?: RangeInput;
  /** Real-serving accelerator energy over the ideal steady state. @default 1 with a spec model, else 1–1.6 */
  readonly servingOverhead?: RangeInput;
}

/** How to estimate: methodology, location and datacenter, data. */
export interface EstimateOptions {
  /** Impact model: `wattlens` (physical, calibrated) or `ecologits` (EcoLogits 0.9.1, exactly). @default 'wattlens' */
  readonly methodology?: MethodologyId;
  /**
   * Electricity zone (ISO 3166-1 alpha-3 such as `FRA`, `WOR` world, `EUR` European Union).
   * @default the provider's datacenter zone
   */
  readonly zone?: string;
  /** Datacenter power usage effectiveness (>= 1). @default the provider's */
  readonly pue?: RangeInput;
  /** Datacenter on-site water usage effectiveness, L/kWh. @default the provider's */
  readonly wue?: RangeInput;
  /** Your own deployment: architecture, hardware, batch size (`wattlens` methodology). */
  readonly deployment?: DeploymentSpec;
  /** Data to estimate with. @default defaultCatalog */
  readonly catalog?: Catalog;
}

const NO_OPTIONS: EstimateOptions = Object.freeze({});

/**
 * Estimates the environmental impact of one AI request: energy, greenhouse gases, abiotic
 * resources, primary energy and water, each with a range, split into usage and embodied.
 * Never needs prompt text. An unknown model or zone yields a report with a warning and a
 * documented fallback; a malformed request throws an {@link InvalidRequestError}.
 *
 * @param request - Provider, model, token counts, latency.
 * @param options - Methodology, zone, PUE, WUE, catalog.
 * @returns The impact report.
 * @throws {InvalidRequestError} on negative, fractional or non-finite counts, negative latency, bad options.
 * @example
 * ```ts
 * const report = estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 400, outputTokens: 500, latencyMs: 10_000 });
 * console.log(`${report.energy.value * 1000} Wh, ${report.gwp.value * 1000} gCO2eq`);
 * ```
 */
export function estimate(request: EstimateRequest, options: EstimateOptions = NO_OPTIONS): ImpactReport {
  const input = resolveRequest(request, options, options.catalog ?? defaultCatalog);
  const methodology = options.methodology ?? 'wattlens';
  switch (methodology) {
    case 'wattlens':
      return wattlensMethodology(input);
    case 'ecologits':
      return ecologitsMethodology(input);
    default:
      throw new InvalidRequestError({ field: 'options.methodology', value: methodology, expected: "'wattlens' or 'ecologits'" });
  }
}

/**
 * A self-contained description of one request on your own deployment, as `wattlens estimate
 * --spec spec.json` reads it: the deployment, the token counts and optionally where it runs.
 */
export interface EstimateSpec extends DeploymentSpec {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** Wall-clock latency, milliseconds. */
  readonly latencyMs?: number;
  /** Host id for defaults (zone, PUE, WUE). @default 'vllm' (self-hosted) */
  readonly provider?: string;
  /** A name for the model in the report. @default 'custom' */
  readonly name?: string;
  readonly zone?: string;
  readonly pue?: RangeInput;
  readonly wue?: RangeInput;
}

/**
 * Estimates one request on a deployment you describe: architecture, hardware, batch size.
 * Self-hosters use it to size their own footprint.
 *
 * @param spec - The deployment and the request's token counts.
 * @param options - Methodology and catalog (zone, PUE and WUE may also come from the spec).
 * @returns The impact report, with `breakdown` giving GPU prefill, GPU decode, server and overhead.
 * @throws {InvalidRequestError} when the spec is malformed.
 * @example
 * ```ts
 * const report = estimateSpec({
 *   model: { totalParams: 8.03e9, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, headDim: 128, ffnSize: 14336 },
 *   hardware: 'h200', batchSize: 64, inputTokens: 1016, outputTokens: 16,
 * });
 * ```
 */
export function estimateSpec(spec: EstimateSpec, options: EstimateOptions = {}): ImpactReport {
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidRequestError({ field: 'spec', value: spec, expected: 'an object { model, hardware, batchSize, inputTokens, outputTokens }' });
  }
  const { inputTokens, outputTokens, latencyMs, provider, name, zone, pue, wue, ...deployment } = spec;
  return estimate(
    {
      provider: provider ?? 'vllm',
      model: name ?? 'custom',
      ...(inputTokens === undefined ? {} : { inputTokens }),
      ...(outputTokens === undefined ? {} : { outputTokens }),
      ...(latencyMs === undefined ? {} : { latencyMs }),
    },
    {
      ...(zone === undefined ? {} : { zone }),
      ...(pue === undefined ? {} : { pue }),
      ...(wue === undefined ? {} : { wue }),
      ...options,
      deployment: { ...deployment, ...options.deployment },
    },
  );
}
