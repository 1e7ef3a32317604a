import type { ModelEntry, ProviderProfile, ZoneEntry } from '../catalog-types';
import type { Catalog } from '../catalog';
import type { EstimateOptions, EstimateRequest, RangeInput } from '../estimate';
import type { Modality, Range, ReportedRequest, ReportWarning, ResolvedModelSummary, TokenSource } from '../impact-report';
import { InvalidRequestError } from '../errors/invalid-request-error';
import { fallbackModel } from './fallback-model';
import { between, toRange } from './range';

/** Everything a methodology needs, validated and looked up once. */
export interface MethodologyInput {
  readonly catalog: Catalog;
  readonly request: ReportedRequest;
  readonly model: ModelEntry;
  readonly match: ResolvedModelSummary['match'];
  readonly provider: ProviderProfile;
  readonly zone?: string;
  readonly pue?: Range;
  readonly wue?: Range;
  readonly hardware?: string;
  readonly batchSize?: Range;
  readonly reportedEnergyJoules?: number;
  /** Warnings gathered so far; methodologies append theirs. */
  readonly warnings: ReportWarning[];
}

const MODALITIES: ReadonlySet<string> = new Set<Modality>(['text', 'embedding', 'image', 'audio-transcription', 'audio-speech', 'ocr']);
const TOKEN_SOURCES: ReadonlySet<string> = new Set<TokenSource>(['reported', 'counted', 'estimated']);

/**
 * Stand-in datacenter for a provider the catalog does not know: world-average grid, a PUE range
 * from hyperscale (1.1) to the industry average (1.56, Uptime Institute Global Data Center Survey
 * 2024) and a WUE range from dry cooling (0) to the US average (1.8 L/kWh, LBNL 2016 United States
 * Data Center Energy Usage Report).
 */
export const UNKNOWN_PROVIDER: ProviderProfile = {
  id: 'unknown',
  name: 'Unknown provider',
  zone: 'WOR',
  pue: between(1.1, 1.56, 1.3),
  wue: between(0, 1.8, 0.9),
  hardware: 'h100',
  sources: [
    { title: 'Uptime Institute Global Data Center Survey 2024 (average PUE 1.56)', url: 'https://uptimeinstitute.com/resources/research-and-reports/uptime-institute-global-data-center-survey-results-2024', date: '2024-07' },
    { title: 'Shehabi et al., United States Data Center Energy Usage Report, LBNL 2016 (WUE 1.8 L/kWh)', url: 'https://eta.lbl.gov/publications/united-states-data-center-energy', date: '2016-06' },
  ],
  checked: '2026-11-28',
};

const MAX_NAME_IN_MESSAGE = 100;

function shortName(name: string): string {
  return name.length > MAX_NAME_IN_MESSAGE ? `${name.slice(0, MAX_NAME_IN_MESSAGE)}…` : name;
}

function count(field: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidRequestError({ field, value, expected: 'a non-negative integer (a token count)' });
  }
  return value;
}

function optionalCount(field: string, value: unknown): number | undefined {
  return value === undefined ? undefined : count(field, value);
}

function optionalAmount(field: string, value: unknown, unit: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidRequestError({ field, value, expected: `a non-negative finite number (${unit})` });
  }
  return value;
}

function text(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InvalidRequestError({ field, value, expected: 'a non-empty string' });
  }
  return value;
}

function rangeOption(field: string, value: RangeInput | undefined, minimum: number): Range | undefined {
  if (value === undefined) return undefined;
  const valid = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= minimum;
  if (typeof value === 'number') {
    if (!valid(value)) throw new InvalidRequestError({ field, value, expected: `a finite number >= ${minimum}` });
    return toRange(value);
  }
  if (value === null || typeof value !== 'object' || !valid(value.min) || !valid(value.max) || value.min > value.max
    || (value.value !== undefined && (!valid(value.value) || value.value < value.min || value.value > value.max))) {
    throw new InvalidRequestError({ field, value, expected: `a number or { min, max, value? } with ${minimum} <= min <= value <= max, all finite` });
  }
  return toRange(value);
}

/** Validates a request and its options, and looks up its model and provider. */
export function resolveRequest(request: EstimateRequest, options: EstimateOptions, catalog: Catalog): MethodologyInput {
  if (request === null || typeof request !== 'object') {
    throw new InvalidRequestError({ field: 'request', value: request, expected: 'an object { provider, model, inputTokens, outputTokens, latencyMs }' });
  }
  if (options === null || typeof options !== 'object') {
    throw new InvalidRequestError({ field: 'options', value: options, expected: 'an options object or undefined' });
  }
  const providerName = text('provider', request.provider);
  const modelName = text('model', request.model);
  const modality = request.modality ?? 'text';
  if (!MODALITIES.has(modality)) {
    throw new InvalidRequestError({ field: 'modality', value: modality, expected: [...MODALITIES].map((m) => `'${m}'`).join(', ') });
  }
  const tokenSource = request.tokenSource ?? 'reported';
  if (!TOKEN_SOURCES.has(tokenSource)) {
    throw new InvalidRequestError({ field: 'tokenSource', value: tokenSource, expected: "'reported', 'counted' or 'estimated'" });
  }
  const inputTokens = count('inputTokens', request.inputTokens);
  const outputTokens = count('outputTokens', request.outputTokens);
  const cachedInputTokens = optionalCount('cachedInputTokens', request.cachedInputTokens);
  const reasoningTokens = optionalCount('reasoningTokens', request.reasoningTokens);
  const latencyMs = optionalAmount('latencyMs', request.latencyMs, 'milliseconds');
  const images = optionalCount('images', request.images);
  const audioSeconds = optionalAmount('audioSeconds', request.audioSeconds, 'seconds');
  const pages = optionalCount('pages', request.pages);
  const reportedEnergyJoules = optionalAmount('reportedEnergyJoules', request.reportedEnergyJoules, 'joules');

  const zone = options.zone === undefined ? undefined : text('options.zone', options.zone);
  const pue = rangeOption('options.pue', options.pue, 1);
  const wue = rangeOption('options.wue', options.wue, 0);

  const warnings: ReportWarning[] = [];
  const known = catalog.findProvider(providerName);
  const provider = known ?? UNKNOWN_PROVIDER;
  const providerId = known?.id ?? catalog.canonicalProvider(providerName);
  if (known === undefined) {
    warnings.push({
      code: 'provider-unknown',
      message: `Provider "${shortName(providerName)}" is not in the WattLens catalog: assumed a world-average grid, PUE ${UNKNOWN_PROVIDER.pue.min}–${UNKNOWN_PROVIDER.pue.max} and WUE ${UNKNOWN_PROVIDER.wue.min}–${UNKNOWN_PROVIDER.wue.max} L/kWh. Pass zone, pue and wue, or register the provider with registerProvider().`,
    });
  }

  let model: ModelEntry;
  let match: ResolvedModelSummary['match'];
  const found = catalog.findModel(providerId, modelName);
  if (found !== undefined) {
    model = found.entry;
    match = found.match;
  } else {
    const fallback = fallbackModel(providerId, modelName);
    model = fallback.entry;
    match = 'fallback';
    warnings.push({
      code: 'model-unknown',
      message: `Model "${shortName(modelName)}" is not in the WattLens catalog for ${shortName(providerId)}: ${fallback.reason}. Register it with registerModel() for a precise estimate.`,
    });
  }

  const reported: ReportedRequest = {
    provider: providerId,
    model: modelName,
    modality,
    inputTokens,
    outputTokens,
    ...(cachedInputTokens === undefined ? {} : { cachedInputTokens }),
    ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    tokenSource,
    energySource: reportedEnergyJoules === undefined ? 'estimated' : 'reported',
    ...(images === undefined ? {} : { images }),
    ...(audioSeconds === undefined ? {} : { audioSeconds }),
    ...(pages === undefined ? {} : { pages }),
  };

  return {
    catalog,
    request: reported,
    model,
    match,
    provider,
    ...(zone === undefined ? {} : { zone }),
    ...(pue === undefined ? {} : { pue }),
    ...(wue === undefined ? {} : { wue }),
    ...(reportedEnergyJoules === undefined ? {} : { reportedEnergyJoules }),
    warnings,
  };
}

/** Finds a zone, falling back to the world average with a `zone-unknown` warning. */
export function resolveZone(catalog: Catalog, code: string, warnings: ReportWarning[]): ZoneEntry {
  const zone = catalog.findZone(code);
  if (zone !== undefined) return zone;
  const world = catalog.findZone('WOR');
  if (world === undefined) {
    throw new InvalidRequestError({ field: 'options.zone', value: code, expected: 'a zone of the catalog (the catalog has no WOR fallback either)' });
  }
  warnings.push({
    code: 'zone-unknown',
    message: `Electricity zone "${shortName(code)}" is not in the WattLens catalog: used the world average (WOR). Use an ISO 3166-1 alpha-3 code such as FRA or USA, or register the zone with registerZone().`,
  });
  return world;
}
