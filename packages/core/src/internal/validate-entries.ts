import type { ModelEntry, ProviderProfile, ZoneEntry } from '../catalog-types';
import type { Range } from '../impact-report';
import { InvalidRequestError } from '../errors/invalid-request-error';

function isPositiveFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isNonNegativeFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function checkRange(field: string, range: Range | undefined, positive: boolean): void {
  const ok = positive ? isPositiveFinite : isNonNegativeFinite;
  if (range === null || typeof range !== 'object' || !ok(range.min) || !ok(range.max) || !ok(range.value)
    || range.min > range.value || range.value > range.max) {
    throw new InvalidRequestError({
      field,
      value: range,
      expected: `a range { value, min, max } of ${positive ? 'positive' : 'non-negative'} finite numbers with min <= value <= max`,
    });
  }
}

function checkText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidRequestError({ field, value, expected: 'a non-empty string' });
  }
}

/** Checks a model entry before it enters a catalog. */
export function validateModelEntry(entry: ModelEntry): void {
  if (entry === null || typeof entry !== 'object') {
    throw new InvalidRequestError({ field: 'model', value: entry, expected: 'a model entry object' });
  }
  checkText('model.provider', entry.provider);
  checkText('model.id', entry.id);
  if (entry.architecture !== 'dense' && entry.architecture !== 'moe') {
    throw new InvalidRequestError({ field: `model(${entry.id}).architecture`, value: entry.architecture, expected: "'dense' or 'moe'" });
  }
  checkRange(`model(${entry.id}).totalParameters`, entry.totalParameters, true);
  checkRange(`model(${entry.id}).activeParameters`, entry.activeParameters, true);
  if (entry.activeParameters.max > entry.totalParameters.max * (1 + 1e-9)) {
    throw new InvalidRequestError({
      field: `model(${entry.id}).activeParameters`,
      value: entry.activeParameters.max,
      expected: `at most totalParameters.max (${entry.totalParameters.max})`,
    });
  }
  if (!Array.isArray(entry.sources) || entry.sources.length === 0) {
    throw new InvalidRequestError({ field: `model(${entry.id}).sources`, value: entry.sources, expected: 'at least one source' });
  }
  for (const key of ['layers', 'hiddenSize', 'attentionHeads', 'kvHeads', 'headDim', 'ffnSize', 'experts', 'expertsPerToken', 'expertFfnSize', 'denseLayers', 'vocabSize', 'contextWindow'] as const) {
    const value = entry[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new InvalidRequestError({ field: `model(${entry.id}).${key}`, value, expected: 'a positive integer' });
    }
  }
  if (entry.encoderParameters !== undefined && !(isPositiveFinite(entry.encoderParameters) && entry.encoderParameters < entry.totalParameters.max)) {
    throw new InvalidRequestError({
      field: `model(${entry.id}).encoderParameters`,
      value: entry.encoderParameters,
      expected: `a positive number of billions below totalParameters.max (${entry.totalParameters.max})`,
    });
  }
  if (entry.ecologits !== undefined) {
    checkRange(`model(${entry.id}).ecologits.totalParameters`, entry.ecologits.totalParameters, true);
    checkRange(`model(${entry.id}).ecologits.activeParameters`, entry.ecologits.activeParameters, true);
  }
}

/** Checks a zone before it enters a catalog. */
export function validateZoneEntry(zone: ZoneEntry): void {
  if (zone === null || typeof zone !== 'object') {
    throw new InvalidRequestError({ field: 'zone', value: zone, expected: 'a zone entry object' });
  }
  checkText('zone.code', zone.code);
  for (const key of ['gwp', 'adpe', 'pe', 'water'] as const) {
    if (!isNonNegativeFinite(zone[key])) {
      throw new InvalidRequestError({ field: `zone(${zone.code}).${key}`, value: zone[key], expected: 'a non-negative finite number' });
    }
  }
}

/** Checks a provider profile before it enters a catalog. */
export function validateProviderProfile(profile: ProviderProfile): void {
  if (profile === null || typeof profile !== 'object') {
    throw new InvalidRequestError({ field: 'provider', value: profile, expected: 'a provider profile object' });
  }
  checkText('provider.id', profile.id);
  checkText(`provider(${profile.id}).zone`, profile.zone);
  checkRange(`provider(${profile.id}).pue`, profile.pue, true);
  if (profile.pue.min < 1) {
    throw new InvalidRequestError({ field: `provider(${profile.id}).pue`, value: profile.pue.min, expected: 'a PUE of at least 1' });
  }
  checkRange(`provider(${profile.id}).wue`, profile.wue, false);
}
