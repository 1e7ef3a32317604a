import type { Catalog } from './catalog';
import type { EstimateOptions, EstimateRequest, RangeInput } from './estimate';
import type { Impacts, MethodologyId, Range, ReportWarning } from './impact-report';
import { InvalidRequestError } from './errors/invalid-request-error';
import { estimate } from './estimate';

/** One of the five impact criteria. */
export type ImpactCriterion = keyof Impacts;

/** A provider, model and optionally zone/PUE/WUE to run the workload on. */
export interface CompareCandidate {
  readonly provider: string;
  readonly model: string;
  /** Electricity zone, over `options.zone` and the provider's default. */
  readonly zone?: string;
  readonly pue?: RangeInput;
  readonly wue?: RangeInput;
  /** Name shown in the table. @default `provider/model`, plus `@zone` when a zone is given */
  readonly label?: string;
}

/** One request of a workload: everything `estimate()` takes but the provider and model. */
export type CompareRequest = Omit<EstimateRequest, 'provider' | 'model'>;

/** The same token counts repeated `requests` times. */
export interface UniformWorkload extends CompareRequest {
  /** How many such requests. @default 1 */
  readonly requests?: number;
}

/** What to compare candidates on: token counts repeated, or a list of requests (e.g. from a ledger). */
export type CompareWorkload = UniformWorkload | readonly CompareRequest[];

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Criterion the candidates are ranked by. @default 'gwp' */
  readonly metric?: ImpactCriterion;
  /** The current choice, by index or label, that savings are computed from. @default 0 (the first candidate) */
  readonly current?: number | string;
  /** Zone for candidates that do not name one. @default each provider's */
  readonly zone?: string;
  readonly methodology?: MethodologyId;
  readonly catalog?: Catalog;
}

/** One candidate's line of the ranked table. */
export interface ComparisonRow {
  /** 1 for the lowest impact on the metric. */
  readonly rank: number;
  readonly label: string;
  readonly candidate: CompareCandidate;
  /** Whether this is the current choice. */
  readonly current: boolean;
  /** Impacts of the whole workload on this candidate. */
  readonly impacts: Impacts;
  /** This candidate's metric over the best candidate's (central estimates; 1 for the best). */
  readonly ratioToBest: number;
  /**
   * What moving from the current choice to this candidate saves, per criterion (negative: it
   * costs more). Ranges are interval differences: `min = current.min − this.max`,
   * `max = current.max − this.min`.
   */
  readonly savings: Impacts;
  /** Share of the current choice's metric saved by moving here (central estimates; negative: it costs more). */
  readonly savingsFraction: number;
  /** Warnings of the estimates, each once (an unknown model, say). */
  readonly warnings: readonly ReportWarning[];
}

/** A ranked comparison of candidates for the same workload. */
export interface Comparison {
  readonly metric: ImpactCriterion;
  /** Number of requests in the workload. */
  readonly requests: number;
  /** Label of the current choice. */
  readonly current: string;
  /** Rows, best (lowest metric) first. */
  readonly rows: readonly ComparisonRow[];
}

const CRITERIA: readonly ImpactCriterion[] = ['energy', 'gwp', 'adpe', 'pe', 'water'];
const ZERO_IMPACTS: Impacts = Object.freeze({
  energy: { value: 0, min: 0, max: 0 },
  gwp: { value: 0, min: 0, max: 0 },
  adpe: { value: 0, min: 0, max: 0 },
  pe: { value: 0, min: 0, max: 0 },
  water: { value: 0, min: 0, max: 0 },
});

/**
 * Reads a candidate written `provider/model` or `provider/model@ZONE`, e.g.
 * `huggingface/meta-llama/Llama-3.1-8B-Instruct` or `mistral/mistral-small-latest@FRA`. The
 * provider is the part before the first `/`.
 *
 * @param spec - The candidate as text.
 * @returns The candidate.
 * @throws {InvalidRequestError} when there is no provider or no model.
 * @example
 * ```ts
 * parseCandidate('openai/gpt-4o-mini@FRA'); // { provider: 'openai', model: 'gpt-4o-mini', zone: 'FRA' }
 * ```
 */
export function parseCandidate(spec: string): CompareCandidate {
  const text = typeof spec === 'string' ? spec.trim() : '';
  const slash = text.indexOf('/');
  const at = text.lastIndexOf('@');
  const zone = at > slash ? text.slice(at + 1) : undefined;
  const provider = slash > 0 ? text.slice(0, slash) : '';
  const model = slash > 0 ? text.slice(slash + 1, at > slash ? at : undefined) : '';
  if (provider === '' || model === '' || zone === '') {
    throw new InvalidRequestError({ field: 'candidate', value: spec, expected: 'provider/model or provider/model@ZONE, e.g. openai/gpt-4o-mini' });
  }
  return { provider, model, ...(zone === undefined ? {} : { zone }) };
}

function labelOf(candidate: CompareCandidate): string {
  return candidate.label ?? `${candidate.provider}/${candidate.model}${candidate.zone === undefined ? '' : `@${candidate.zone}`}`;
}

function add(a: Range, b: Range): Range {
  return { value: a.value + b.value, min: a.min + b.min, max: a.max + b.max };
}

function scale(range: Range, factor: number): Range {
  return { value: range.value * factor, min: range.min * factor, max: range.max * factor };
}

function difference(current: Range, candidate: Range): Range {
  return { value: current.value - candidate.value, min: current.min - candidate.max, max: current.max - candidate.min };
}

function requestsOf(workload: CompareWorkload): { readonly requests: readonly CompareRequest[]; readonly repeat: number } {
  if (Array.isArray(workload)) {
    if (workload.length === 0) throw new InvalidRequestError({ field: 'workload', value: workload, expected: 'at least one request' });
    return { requests: workload, repeat: 1 };
  }
  if (workload === null || typeof workload !== 'object') {
    throw new InvalidRequestError({ field: 'workload', value: workload, expected: 'an object { inputTokens, outputTokens, requests? } or an array of requests' });
  }
  const { requests = 1, ...request } = workload as UniformWorkload;
  if (typeof requests !== 'number' || !Number.isFinite(requests) || requests < 0) {
    throw new InvalidRequestError({ field: 'workload.requests', value: requests, expected: 'a non-negative number of requests' });
  }
  return { requests: [request], repeat: requests };
}

/**
 * Runs the same workload through several provider/model/zone candidates and ranks them: the
 * impacts of each, the ratio to the best, and what moving from the current choice would save.
 * The concrete form of "use a model that fits the task".
 *
 * @param workload - Token counts (repeated `requests` times) or a list of requests.
 * @param candidates - Candidates as objects or `provider/model[@ZONE]` strings; the first is the current choice unless `options.current` says otherwise.
 * @param options - Ranking metric, current choice, default zone, methodology, catalog.
 * @returns The ranked comparison.
 * @throws {InvalidRequestError} on an empty candidate list, a malformed candidate or request, or an unknown `current`.
 * @example
 * ```ts
 * const { rows } = compare({ inputTokens: 400, outputTokens: 300 }, ['openai/gpt-4o', 'openai/gpt-4o-mini', 'mistral/ministral-8b-latest']);
 * for (const row of rows) console.log(row.rank, row.label, row.ratioToBest.toFixed(1), `${Math.round(row.savingsFraction * 100)}%`);
 * ```
 */
export function compare(workload: CompareWorkload, candidates: readonly (string | CompareCandidate)[], options: CompareOptions = {}): Comparison {
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new InvalidRequestError({ field: 'candidates', value: candidates, expected: 'at least one candidate' });
  }
  const metric = options.metric ?? 'gwp';
  if (!CRITERIA.includes(metric)) {
    throw new InvalidRequestError({ field: 'options.metric', value: metric, expected: CRITERIA.join(', ') });
  }
  const { requests, repeat } = requestsOf(workload);
  const parsed = candidates.map((candidate) => (typeof candidate === 'string' ? parseCandidate(candidate) : candidate));
  const labels = parsed.map(labelOf);
  const currentIndex = typeof options.current === 'string' ? labels.indexOf(options.current) : options.current ?? 0;
  if (!Number.isInteger(currentIndex) || currentIndex < 0 || currentIndex >= parsed.length) {
    throw new InvalidRequestError({ field: 'options.current', value: options.current, expected: `an index below ${parsed.length} or one of ${labels.join(', ')}` });
  }

  const results = parsed.map((candidate, index) => {
    const zone = candidate.zone ?? options.zone;
    const estimateOptions: EstimateOptions = {
      ...(options.methodology === undefined ? {} : { methodology: options.methodology }),
      ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
      ...(zone === undefined ? {} : { zone }),
      ...(candidate.pue === undefined ? {} : { pue: candidate.pue }),
      ...(candidate.wue === undefined ? {} : { wue: candidate.wue }),
    };
    let impacts = ZERO_IMPACTS;
    const warnings = new Map<string, ReportWarning>();
    for (const request of requests) {
      const report = estimate({ ...request, provider: candidate.provider, model: candidate.model }, estimateOptions);
      impacts = {
        energy: add(impacts.energy, report.energy),
        gwp: add(impacts.gwp, report.gwp),
        adpe: add(impacts.adpe, report.adpe),
        pe: add(impacts.pe, report.pe),
        water: add(impacts.water, report.water),
      };
      for (const warning of report.warnings) warnings.set(`${warning.code}\u0000${warning.message}`, warning);
    }
    if (repeat !== 1) {
      impacts = {
        energy: scale(impacts.energy, repeat),
        gwp: scale(impacts.gwp, repeat),
        adpe: scale(impacts.adpe, repeat),
        pe: scale(impacts.pe, repeat),
        water: scale(impacts.water, repeat),
      };
    }
    return { index, candidate, label: labels[index] ?? '', impacts, warnings: [...warnings.values()] };
  });

  const current = results[currentIndex];
  if (current === undefined) throw new InvalidRequestError({ field: 'options.current', value: options.current, expected: 'an existing candidate' });
  const ranked = [...results].sort((a, b) => a.impacts[metric].value - b.impacts[metric].value || a.index - b.index);
  const best = ranked[0]?.impacts[metric].value ?? 0;
  const currentValue = current.impacts[metric].value;
  const rows = ranked.map((result, position): ComparisonRow => {
    const value = result.impacts[metric].value;
    const savings = {
      energy: difference(current.impacts.energy, result.impacts.energy),
      gwp: difference(current.impacts.gwp, result.impacts.gwp),
      adpe: difference(current.impacts.adpe, result.impacts.adpe),
      pe: difference(current.impacts.pe, result.impacts.pe),
      water: difference(current.impacts.water, result.impacts.water),
    };
    return {
      rank: position + 1,
      label: result.label,
      candidate: result.candidate,
      current: result.index === currentIndex,
      impacts: result.impacts,
      ratioToBest: best === 0 ? (value === 0 ? 1 : Number.POSITIVE_INFINITY) : value / best,
      savings,
      savingsFraction: currentValue === 0 ? 0 : (currentValue - value) / currentValue,
      warnings: result.warnings,
    };
  });
  return { metric, requests: requests.length * repeat, current: current.label, rows };
}
