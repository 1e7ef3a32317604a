import type { ImpactReport, MethodologyId, Modality, TokenSource } from './impact-report';
import type { Catalog } from './catalog';
import { defaultCatalog } from './catalog';
import { InvalidRequestError } from './errors/invalid-request-error';
import { resolveRequest } from './internal/resolve-request';
import { ecologitsMethodology } from './methodologies/ecologits';

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
  /** Energy the provider itself reported for this request, in joules (outranks any estimate). */
  readonly reportedEnergyJoules?: number;
}

/** How to estimate: methodology, location and datacenter, data. */
export interface EstimateOptions {
  /** Impact model. @default 'ecologits' */
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
  /** Data to estimate with. @default defaultCatalog */
  readonly catalog?: Catalog;
}

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
export function estimate(request: EstimateRequest, options: EstimateOptions = {}): ImpactReport {
  const input = resolveRequest(request, options, options.catalog ?? defaultCatalog);
  const methodology = options.methodology ?? 'ecologits';
  switch (methodology) {
    case 'ecologits':
      return ecologitsMethodology(input);
    default:
      throw new InvalidRequestError({ field: 'options.methodology', value: methodology, expected: "'wattlens' or 'ecologits'" });
  }
}
