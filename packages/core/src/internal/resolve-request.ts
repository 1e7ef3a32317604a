import type { ModelEntry, ProviderProfile, ZoneEntry } from '../catalog-types';
import type { Catalog } from '../catalog';
import type { DeploymentSpec, EstimateOptions, EstimateRequest, ModelArchitectureSpec, RangeInput } from '../estimate';
import type { Modality, Range, ReportedRequest, ReportWarning, ResolvedModelSummary, TokenSource } from '../impact-report';
import type { WattlensPlan } from '../methodologies/wattlens';
import { InvalidRequestError } from '../errors/invalid-request-error';
import { fallbackModel } from './fallback-model';
import { between, toRange } from './range';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A validated {@link DeploymentSpec}. */
export interface ResolvedDeployment {
  readonly hardware?: string;
  readonly gpus?: number;
  readonly batchSize?: Range;
  readonly weightBytes?: Range;
  readonly utilization?: Range;
  readonly servingOverhead?: Range;
  /** Whether the spec described the model itself (steady-state defaults then apply). */
  readonly hasModel: boolean;
}

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
  readonly deployment?: ResolvedDeployment;
  readonly reportedEnergyJoules?: number;
  /** Warnings gathered so far; methodologies append theirs. */
  readonly warnings: ReportWarning[];
  /** The provider and model as resolved, where a methodology keeps what it derives from them. */
  readonly target: ResolvedTarget;
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

function positiveInteger(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidRequestError({ field, value, expected: 'a positive integer' });
  }
  return value;
}

function parameterCount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidRequestError({ field, value, expected: 'a positive parameter count (absolute, or in billions)' });
  }
  return value > 1e5 ? value / 1e9 : value;
}

/**
 * Active parameters (billions) of a mixture-of-experts spec that gives its experts but not its
 * active count: the total less the routed experts a token does not use (gated experts: three
 * matrices of hidden × expertFfnSize per expert and layer). Dense, or too little shape: the total.
 */
function activeFromShape(spec: ModelArchitectureSpec, total: number): number {
  const { experts, expertsPerToken, expertFfnSize, hiddenSize, layers } = spec;
  if (experts === undefined || expertsPerToken === undefined || expertFfnSize === undefined || hiddenSize === undefined || layers === undefined) return total;
  if (!(experts > expertsPerToken && expertsPerToken > 0)) return total;
  const unused = (layers * (experts - expertsPerToken) * 3 * hiddenSize * expertFfnSize) / 1e9;
  const active = total - unused;
  return active > 0 ? active : total;
}

function specEntry(provider: string, model: string, spec: ModelArchitectureSpec): ModelEntry {
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidRequestError({ field: 'options.deployment.model', value: spec, expected: 'an object { totalParams, activeParams?, layers?, hiddenSize?, heads?, kvHeads?, headDim?, ... }' });
  }
  const total = parameterCount('options.deployment.model.totalParams', spec.totalParams);
  const active = spec.activeParams === undefined ? activeFromShape(spec, total) : parameterCount('options.deployment.model.activeParams', spec.activeParams);
  if (active > total * (1 + 1e-9)) {
    throw new InvalidRequestError({ field: 'options.deployment.model.activeParams', value: spec.activeParams, expected: `at most totalParams (${spec.totalParams})` });
  }
  const shape: Record<string, number | undefined> = {
    layers: positiveInteger('options.deployment.model.layers', spec.layers),
    hiddenSize: positiveInteger('options.deployment.model.hiddenSize', spec.hiddenSize),
    attentionHeads: positiveInteger('options.deployment.model.heads', spec.heads),
    kvHeads: positiveInteger('options.deployment.model.kvHeads', spec.kvHeads),
    headDim: positiveInteger('options.deployment.model.headDim', spec.headDim),
    ffnSize: positiveInteger('options.deployment.model.ffnSize', spec.ffnSize),
    experts: positiveInteger('options.deployment.model.experts', spec.experts),
    expertsPerToken: positiveInteger('options.deployment.model.expertsPerToken', spec.expertsPerToken),
    expertFfnSize: positiveInteger('options.deployment.model.expertFfnSize', spec.expertFfnSize),
    sharedExperts: spec.sharedExperts === 0 ? undefined : positiveInteger('options.deployment.model.sharedExperts', spec.sharedExperts),
    vocabSize: positiveInteger('options.deployment.model.vocabSize', spec.vocabSize),
  };
  const defined = Object.fromEntries(Object.entries(shape).filter(([, value]) => value !== undefined)) as Partial<ModelEntry>;
  const moe = active < total * (1 - 1e-9) || (spec.experts !== undefined && spec.experts > 1);
  return {
    ...defined,
    provider,
    id: model,
    architecture: moe ? 'moe' : 'dense',
    totalParameters: { value: total, min: total, max: total },
    activeParameters: { value: active, min: active, max: active },
    openWeights: true,
    sources: [{ title: 'Deployment spec given by the caller', date: '2026-11-28' }],
    checked: '2026-11-28',
  };
}

function resolveDeployment(spec: DeploymentSpec | undefined): ResolvedDeployment | undefined {
  if (spec === undefined) return undefined;
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidRequestError({ field: 'options.deployment', value: spec, expected: 'a deployment object { model?, hardware?, gpus?, batchSize?, weightBits?, utilization?, servingOverhead? }' });
  }
  const hardware = spec.hardware === undefined ? undefined : text('options.deployment.hardware', spec.hardware);
  const gpus = positiveInteger('options.deployment.gpus', spec.gpus);
  const batchSize = rangeOption('options.deployment.batchSize', spec.batchSize, 1);
  let weightBytes: Range | undefined;
  if (spec.weightBits !== undefined) {
    if (typeof spec.weightBits !== 'number' || !Number.isFinite(spec.weightBits) || spec.weightBits < 1 || spec.weightBits > 32) {
      throw new InvalidRequestError({ field: 'options.deployment.weightBits', value: spec.weightBits, expected: 'a number of bits per weight between 1 and 32 (16 for BF16, 8 for FP8)' });
    }
    weightBytes = toRange(spec.weightBits / 8);
  }
  const utilization = rangeOption('options.deployment.utilization', spec.utilization, 0);
  if (utilization !== undefined && (utilization.min <= 0 || utilization.max > 1)) {
    throw new InvalidRequestError({ field: 'options.deployment.utilization', value: spec.utilization, expected: 'a share of time in (0, 1]' });
  }
  const servingOverhead = rangeOption('options.deployment.servingOverhead', spec.servingOverhead, 1);
  return {
    ...(hardware === undefined ? {} : { hardware }),
    ...(gpus === undefined ? {} : { gpus }),
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(weightBytes === undefined ? {} : { weightBytes }),
    ...(utilization === undefined ? {} : { utilization }),
    ...(servingOverhead === undefined ? {} : { servingOverhead }),
    hasModel: spec.model !== undefined,
  };
}

/**
 * What a request's provider and model resolve to, in one catalog with one set of options: looked
 * up once and shared by every request to that model (see {@link resolveRequest}).
 */
export interface ResolvedTarget {
  readonly providerId: string;
  readonly provider: ProviderProfile;
  readonly model: ModelEntry;
  readonly match: ResolvedModelSummary['match'];
  /** `provider-unknown` and `model-unknown`, frozen: every report of the target starts with them. */
  readonly warnings: readonly ReportWarning[];
  /** The wattlens methodology's constants for this target, kept at its first request. */
  wattlens?: WattlensPlan;
}

/** Validated options, the deployment's included. */
interface ResolvedOptions {
  readonly zone: string | undefined;
  readonly pue: Range | undefined;
  readonly wue: Range | undefined;
  readonly deployment: ResolvedDeployment | undefined;
}

function resolveOptions(options: EstimateOptions): ResolvedOptions {
  const deployment = resolveDeployment(options.deployment);
  const zone = options.zone === undefined ? undefined : text('options.zone', options.zone);
  const pue = rangeOption('options.pue', options.pue, 1);
  const wue = rangeOption('options.wue', options.wue, 0);
  return { zone, pue, wue, deployment };
}

function resolveTarget(providerName: string, modelName: string, deployment: DeploymentSpec | undefined, catalog: Catalog): ResolvedTarget {
  const warnings: ReportWarning[] = [];
  const known = catalog.findProvider(providerName);
  const provider = known ?? UNKNOWN_PROVIDER;
  const providerId = known?.id ?? catalog.canonicalProvider(providerName);
  if (known === undefined) {
    warnings.push(Object.freeze({
      code: 'provider-unknown',
      message: `Provider "${shortName(providerName)}" is not in the WattLens catalog: assumed a world-average grid, PUE ${UNKNOWN_PROVIDER.pue.min}–${UNKNOWN_PROVIDER.pue.max} and WUE ${UNKNOWN_PROVIDER.wue.min}–${UNKNOWN_PROVIDER.wue.max} L/kWh. Pass zone, pue and wue, or register the provider with registerProvider().`,
    }));
  }

  let model: ModelEntry;
  let match: ResolvedModelSummary['match'];
  const found = deployment?.model === undefined ? catalog.findModel(providerId, modelName) : undefined;
  if (deployment?.model !== undefined) {
    model = specEntry(providerId, modelName, deployment.model);
    match = 'spec';
  } else if (found !== undefined) {
    model = found.entry;
    match = found.match;
  } else {
    const fallback = fallbackModel(providerId, modelName);
    model = fallback.entry;
    match = 'fallback';
    warnings.push(Object.freeze({
      code: 'model-unknown',
      message: `Model "${shortName(modelName)}" is not in the WattLens catalog for ${shortName(providerId)}: ${fallback.reason}. Register it with registerModel() for a precise estimate.`,
    }));
  }
  return { providerId, provider, model, match, warnings: Object.freeze(warnings) };
}

/**
 * Most targets remembered per catalog, all options together (then forgotten all at once): model
 * names are ids, few per application; this bounds what odd names can make us hold (a few MB).
 */
const MOST_REMEMBERED_TARGETS = 4096;
/** Most sets of options remembered per catalog (then forgotten all at once). */
const MOST_REMEMBERED_OPTIONS = 256;
/** Longest model name whose target is remembered. */
const LONGEST_REMEMBERED_NAME = 256;

/** One set of options, validated, and the targets resolved with them. */
interface Resolutions {
  readonly options: ResolvedOptions;
  /** By provider name, then model name, as the requests give them. */
  readonly targets: Map<string, Map<string, ResolvedTarget>>;
  readonly catalog: CatalogResolutions;
}

/** A catalog's {@link Resolutions}, by options key, for one revision of the catalog. */
interface CatalogResolutions {
  readonly revision: number;
  readonly byOptions: Map<string, Resolutions>;
  /** Targets remembered, all options together. */
  targets: number;
}

const resolutions = new WeakMap<Catalog, CatalogResolutions>();

/** A range option as part of a key: `''` when absent, `undefined` when it is not made of numbers. */
function rangeKey(input: RangeInput | undefined): string | undefined {
  if (input === undefined) return '';
  if (typeof input === 'number') return String(input);
  if (typeof input !== 'object' || input === null) return undefined;
  const { min, max, value } = input;
  if (typeof min !== 'number' || typeof max !== 'number' || (value !== undefined && typeof value !== 'number')) return undefined;
  return `${min},${max},${value ?? ''}`;
}

/**
 * The key of the options a target depends on (zone, PUE, WUE), by value: equal options given in
 * fresh objects, or one object changed in place, are told apart as they should be. `undefined`
 * for options that cannot be keyed (malformed ones, which then get their error).
 */
function optionsKey(options: EstimateOptions): string | undefined {
  const { zone, pue, wue } = options;
  if (zone !== undefined && typeof zone !== 'string') return undefined;
  if (pue === undefined && wue === undefined) return zone ?? '';
  const pueKey = rangeKey(pue);
  const wueKey = rangeKey(wue);
  if (pueKey === undefined || wueKey === undefined) return undefined;
  return `${zone ?? ''}\u0000${pueKey}\u0000${wueKey}`;
}

/** The {@link Resolutions} of options without a deployment, made once per catalog revision and options key. */
function resolutionsOf(options: EstimateOptions, catalog: Catalog): Resolutions | undefined {
  const key = optionsKey(options);
  if (key === undefined) return undefined;
  let kept = resolutions.get(catalog);
  if (kept === undefined || kept.revision !== catalog.revision) {
    kept = { revision: catalog.revision, byOptions: new Map(), targets: 0 };
    resolutions.set(catalog, kept);
  }
  let resolved = kept.byOptions.get(key);
  if (resolved === undefined) {
    resolved = { options: resolveOptions(options), targets: new Map(), catalog: kept };
    if (kept.byOptions.size >= MOST_REMEMBERED_OPTIONS) kept.byOptions.clear();
    kept.byOptions.set(key, resolved);
  }
  return resolved;
}

function rememberedTarget(resolved: Resolutions, providerName: string, modelName: string, catalog: Catalog): ResolvedTarget {
  let byModel = resolved.targets.get(providerName);
  const remembered = byModel?.get(modelName);
  if (remembered !== undefined) return remembered;
  const target = resolveTarget(providerName, modelName, undefined, catalog);
  if (modelName.length <= LONGEST_REMEMBERED_NAME && providerName.length <= LONGEST_REMEMBERED_NAME) {
    const kept = resolved.catalog;
    if (kept.targets >= MOST_REMEMBERED_TARGETS) {
      // Forget every set of options' targets; this one's are remembered again from here.
      for (const other of kept.byOptions.values()) other.targets.clear();
      kept.targets = 0;
      byModel = undefined;
    }
    if (byModel === undefined) {
      byModel = new Map();
      resolved.targets.set(providerName, byModel);
    }
    byModel.set(modelName, target);
    kept.targets += 1;
  }
  return target;
}

/**
 * Validates a request and its options, and looks up its model and provider. Without a
 * deployment, the options are validated and each provider and model looked up once per catalog
 * revision and values of zone, PUE and WUE: a client estimating request after request only
 * validates its counts. A deployment is validated at every request (its model spec is an object
 * the caller may change).
 */
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
  if (modality !== 'text' && !MODALITIES.has(modality)) {
    throw new InvalidRequestError({ field: 'modality', value: modality, expected: [...MODALITIES].map((m) => `'${m}'`).join(', ') });
  }
  const tokenSource = request.tokenSource ?? 'reported';
  if (tokenSource !== 'reported' && !TOKEN_SOURCES.has(tokenSource)) {
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
  const imageSize = request.imageSize === undefined ? undefined : text('imageSize', request.imageSize);
  const imageQuality = request.imageQuality === undefined ? undefined : text('imageQuality', request.imageQuality);

  let resolved: ResolvedOptions;
  let target: ResolvedTarget;
  const remembered = options.deployment === undefined ? resolutionsOf(options, catalog) : undefined;
  if (remembered !== undefined) {
    resolved = remembered.options;
    target = rememberedTarget(remembered, providerName, modelName, catalog);
  } else {
    resolved = resolveOptions(options);
    target = resolveTarget(providerName, modelName, options.deployment, catalog);
  }

  // Built field by field: object spreads of optional fields cost more than the estimate itself.
  const reported: Mutable<ReportedRequest> = {
    provider: target.providerId,
    model: modelName,
    modality,
    inputTokens,
    outputTokens,
    tokenSource,
    energySource: reportedEnergyJoules === undefined ? 'estimated' : 'reported',
  };
  if (cachedInputTokens !== undefined) reported.cachedInputTokens = cachedInputTokens;
  if (reasoningTokens !== undefined) reported.reasoningTokens = reasoningTokens;
  if (latencyMs !== undefined) reported.latencyMs = latencyMs;
  if (images !== undefined) reported.images = images;
  if (audioSeconds !== undefined) reported.audioSeconds = audioSeconds;
  if (pages !== undefined) reported.pages = pages;
  if (imageSize !== undefined) reported.imageSize = imageSize.slice(0, 32);
  if (imageQuality !== undefined) reported.imageQuality = imageQuality.slice(0, 32);

  const warnings = target.warnings.length === 0 ? [] : [...target.warnings];
  const input: Mutable<MethodologyInput> = { catalog, request: reported, model: target.model, match: target.match, provider: target.provider, warnings, target };
  if (resolved.zone !== undefined) input.zone = resolved.zone;
  if (resolved.pue !== undefined) input.pue = resolved.pue;
  if (resolved.wue !== undefined) input.wue = resolved.wue;
  if (resolved.deployment !== undefined) input.deployment = resolved.deployment;
  if (reportedEnergyJoules !== undefined) input.reportedEnergyJoules = reportedEnergyJoules;
  return input;
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
