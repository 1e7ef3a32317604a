import type { Catalog } from '../catalog';
import type { EstimateOptions, EstimateRequest } from '../estimate';
import type { ImpactReport, MethodologyId, Modality, ReportAssumptions, ReportedRequest, TokenSource } from '../impact-report';
import { defaultCatalog } from '../catalog';
import { DATA_VERSION } from '../data/version';
import { WattLensError } from '../errors/wattlens-error';
import { estimate } from '../estimate';
import { exact, ZERO } from './range';

const MODALITIES: ReadonlySet<string> = new Set<Modality>(['text', 'embedding', 'image', 'audio-transcription', 'audio-speech', 'ocr']);
const TOKEN_SOURCES: ReadonlySet<string> = new Set<TokenSource>(['reported', 'counted', 'estimated']);

/** Methodology named in a report when the options' one is unusable: the project's default (DESIGN.md). */
const FALLBACK_METHODOLOGY: MethodologyId = 'wattlens';

function name(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, 200) : fallback;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

function amount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** What the error says, without risking text: a WattLens error's own message, else only the class name. */
function describe(error: unknown): string {
  if (WattLensError.isInstance(error)) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string') return (error as { name: string }).name;
  return typeof error;
}

/** Assumptions of a report computed for the same provider and options with no tokens, if that works. */
function assumptionsFor(provider: string, model: string, options: EstimateOptions): ReportAssumptions | undefined {
  try {
    return estimate({ provider, model }, options).assumptions;
  } catch {
    return undefined;
  }
}

/**
 * The report recorded when `estimate()` throws on a request (e.g. a provider returned a negative or
 * fractional token count): every impact zero, the request's usable fields kept, and an
 * `estimate-failed` warning that says why, so that nothing is silently lost.
 */
export function failedEstimateReport(request: EstimateRequest, options: EstimateOptions, error: unknown): ImpactReport {
  const source = (request ?? {}) as Partial<Record<keyof EstimateRequest, unknown>>;
  const catalog: Catalog = options.catalog ?? defaultCatalog;
  const provider = name(source.provider, 'unknown');
  const model = name(source.model, 'unknown');
  const canonical = (() => {
    try {
      return catalog.canonicalProvider(provider);
    } catch {
      return provider.toLowerCase();
    }
  })();
  const assumptions = assumptionsFor(provider, model, options) ?? manualAssumptions(catalog, canonical, model, options);
  const latencyMs = amount(source.latencyMs);
  const images = amount(source.images);
  const audioSeconds = amount(source.audioSeconds);
  const pages = amount(source.pages);
  const reported: ReportedRequest = {
    provider: canonical,
    model,
    modality: typeof source.modality === 'string' && MODALITIES.has(source.modality) ? source.modality as Modality : 'text',
    inputTokens: count(source.inputTokens),
    outputTokens: count(source.outputTokens),
    ...(source.cachedInputTokens === undefined ? {} : { cachedInputTokens: count(source.cachedInputTokens) }),
    ...(source.reasoningTokens === undefined ? {} : { reasoningTokens: count(source.reasoningTokens) }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    tokenSource: typeof source.tokenSource === 'string' && TOKEN_SOURCES.has(source.tokenSource) ? source.tokenSource as TokenSource : 'reported',
    energySource: 'estimated',
    ...(images === undefined ? {} : { images: Math.floor(images) }),
    ...(audioSeconds === undefined ? {} : { audioSeconds }),
    ...(pages === undefined ? {} : { pages: Math.floor(pages) }),
  };
  const zero = { energy: ZERO, gwp: ZERO, adpe: ZERO, pe: ZERO, water: ZERO };
  return {
    ...zero,
    usage: zero,
    embodied: { gwp: ZERO, adpe: ZERO, pe: ZERO, water: ZERO },
    breakdown: { gpu: { prefill: ZERO, decode: ZERO }, server: ZERO, overhead: ZERO },
    request: reported,
    assumptions,
    warnings: [{
      code: 'estimate-failed',
      message: `The impact of this request could not be estimated (${describe(error)}); it is recorded with zero impacts. `
        + 'Check the token counts and options the integration passes to estimate().',
    }],
  };
}

function manualAssumptions(catalog: Catalog, provider: string, model: string, options: EstimateOptions): ReportAssumptions {
  const profile = (() => {
    try {
      return catalog.findProvider(provider);
    } catch {
      return undefined;
    }
  })();
  const methodology = options.methodology === 'wattlens' || options.methodology === 'ecologits' ? options.methodology : FALLBACK_METHODOLOGY;
  return {
    methodology,
    dataVersion: DATA_VERSION,
    zone: typeof options.zone === 'string' && options.zone !== '' ? options.zone : profile?.zone ?? 'WOR',
    pue: profile?.pue ?? exact(1),
    wue: profile?.wue ?? ZERO,
    hardware: profile?.hardware ?? 'unknown',
    gpus: ZERO,
    batchSize: ZERO,
    model: { id: model, provider, architecture: 'dense', totalParameters: ZERO, activeParameters: ZERO, match: 'fallback' },
  };
}
