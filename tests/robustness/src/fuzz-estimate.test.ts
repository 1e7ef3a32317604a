// Bad input: estimate() under random and hostile values (NaN, infinities, huge counts, unicode
// model names, prototype-pollution keys, unknown zones, wrong types) and under a random generator
// of valid requests. It never crashes with anything but a typed, actionable InvalidRequestError,
// never hangs, always returns a sound report otherwise, and leaves no global state poisoned.
// FUZZ_RUNS scales the number of runs (default: CI size).
import { defaultCatalog, estimate, InvalidRequestError, type EstimateOptions, type EstimateRequest, type ImpactReport } from '@wattlens/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalFingerprint, hostileObject, PROTOTYPE_KEYS } from './internal/global-state';

const runs = Number(process.env.FUZZ_RUNS ?? 2_000);
/** Longest one estimate may take before it counts as a hang: it is constant work, microseconds in practice. */
const HANG_MS = 2_000;

let fingerprint: string;
beforeAll(() => {
  fingerprint = globalFingerprint();
});
afterAll(() => {
  // Nothing global was changed by any run: prototypes, the default catalog, a reference estimate.
  expect(globalFingerprint()).toBe(fingerprint);
});

const models = defaultCatalog.models();
const zones = defaultCatalog.zones().map((zone) => zone.code);

const hostileNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, -1, 0.5, 1e-300, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1e15, 1e21, 1e308),
  fc.double(),
  fc.integer(),
  fc.nat({ max: 10_000_000 }),
);
const hostileValue = fc.oneof(
  hostileNumber,
  fc.string(),
  fc.constantFrom(null, true, false, [], {}, 10n, Symbol('x'), () => 1, new Date(Number.NaN), '12', ' 7 ', '1e3', '0x10'),
  fc.constant(undefined),
);
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...PROTOTYPE_KEYS, '', ' ', 'gpt-4o\u0000', 'ＧＰＴ－４ｏ', '\u202Egpt-4o', 'gpt-4o\uD800', 'GPT-4O', ' gpt-4o ', 'openai/gpt-4o', 'a'.repeat(10_000), '../../etc/passwd', '%s%n', '${process.exit()}'),
  fc.constantFrom(...models.map((model) => model.id)),
);
const hostileRange = fc.oneof(
  hostileValue,
  fc.record({ min: hostileValue, max: hostileValue, value: hostileValue }, { requiredKeys: [] }),
  fc.constant(hostileObject({ min: 1, max: 2 })),
);
const hostileRequest = fc.record(
  {
    provider: fc.oneof(hostileString, fc.constantFrom('openai', 'mistral', 'huggingface', 'groq', 'vllm', 'mistralai')),
    model: hostileString,
    inputTokens: hostileValue,
    outputTokens: hostileValue,
    cachedInputTokens: hostileValue,
    reasoningTokens: hostileValue,
    latencyMs: hostileValue,
    modality: fc.oneof(hostileString, fc.constantFrom('text', 'embedding', 'image', 'audio-transcription', 'audio-speech', 'ocr')),
    tokenSource: fc.oneof(hostileString, fc.constantFrom('reported', 'counted', 'estimated')),
    images: hostileValue,
    audioSeconds: hostileValue,
    pages: hostileValue,
    imageSize: fc.oneof(hostileString, fc.constantFrom('1024x1024', '0x0', '99999999x99999999', '-1x5', 'x')),
    imageQuality: hostileString,
    reportedEnergyJoules: hostileValue,
  },
  { requiredKeys: [] },
);
const hostileOptions = fc.record(
  {
    methodology: fc.oneof(hostileString, fc.constantFrom('wattlens', 'ecologits')),
    zone: fc.oneof(hostileString, fc.constantFrom(...zones), fc.constantFrom(...zones.map((zone) => zone.toLowerCase()))),
    pue: hostileRange,
    wue: hostileRange,
    deployment: fc.oneof(
      fc.constant(hostileObject()),
      fc.record({ hardware: hostileString, gpus: hostileValue, batchSize: hostileRange, weightBits: hostileValue, utilization: hostileRange, servingOverhead: hostileRange }, { requiredKeys: [] }),
      fc.record({ model: fc.oneof(fc.constant(hostileObject({ totalParams: 8 })), fc.record({ totalParams: hostileValue, activeParams: hostileValue, layers: hostileValue, hiddenSize: hostileValue, heads: hostileValue, kvHeads: hostileValue, headDim: hostileValue, ffnSize: hostileValue, experts: hostileValue, expertsPerToken: hostileValue }, { requiredKeys: [] })) }, { requiredKeys: [] }),
      hostileValue,
    ),
  },
  { requiredKeys: [] },
);

const IMPACTS = ['energy', 'gwp', 'adpe', 'pe', 'water'] as const;

/** A report is sound: every range finite, non-negative and ordered; JSON-ready; warnings well formed. */
function expectSound(report: ImpactReport): void {
  const ranges: [string, { value: number; min: number; max: number }][] = [
    ...IMPACTS.map((metric) => [metric, report[metric]] as [string, ImpactReport['energy']]),
    ...IMPACTS.map((metric) => [`usage.${metric}`, report.usage[metric]] as [string, ImpactReport['energy']]),
    ...IMPACTS.filter((metric) => metric !== 'energy').map((metric) => [`embodied.${metric}`, report.embodied[metric as Exclude<typeof metric, 'energy'>]] as [string, ImpactReport['energy']]),
  ];
  for (const [name, range] of ranges) {
    for (const bound of [range.min, range.value, range.max]) {
      expect(Number.isFinite(bound), `${name} ${JSON.stringify(range)}`).toBe(true);
      expect(bound, name).toBeGreaterThanOrEqual(0);
    }
    // A relative tolerance: sums of ranges may round the last digit either way.
    const slack = Math.abs(range.max) * 1e-12;
    expect(range.min, `${name} min <= value`).toBeLessThanOrEqual(range.value + slack);
    expect(range.value, `${name} value <= max`).toBeLessThanOrEqual(range.max + slack);
  }
  expect(Number.isInteger(report.request.inputTokens) && report.request.inputTokens >= 0).toBe(true);
  expect(Number.isInteger(report.request.outputTokens) && report.request.outputTokens >= 0).toBe(true);
  for (const warning of report.warnings) {
    expect(typeof warning.code).toBe('string');
    expect(typeof warning.message).toBe('string');
  }
  expect(() => JSON.stringify(report)).not.toThrow();
}

/** An error is the typed one, with an actionable one-line message naming the field. */
function expectActionable(error: unknown): void {
  expect(InvalidRequestError.isInstance(error), `not an InvalidRequestError: ${String(error)}`).toBe(true);
  const invalid = error as InvalidRequestError;
  expect(invalid.message).not.toContain('\n');
  expect(invalid.message).toContain(invalid.field);
  expect(invalid.message).toMatch(/^Invalid .+: expected .+, received .+\. Fix the value passed as `.+`\.$/s);
  expect(invalid.message.length).toBeLessThan(400);
}

/** Runs estimate(), bounding its time: a hang is a failure too. */
function timedEstimate(request: unknown, options: unknown): { report?: ImpactReport; error?: unknown } {
  const started = performance.now();
  try {
    return { report: estimate(request as EstimateRequest, options as EstimateOptions) };
  } catch (error) {
    return { error };
  } finally {
    const took = performance.now() - started;
    expect(took, 'one estimate() took so long it would be a hang').toBeLessThan(HANG_MS);
  }
}

describe('estimate() under hostile input', () => {
  it('returns a sound report or throws an actionable InvalidRequestError, for any request and options', () => {
    fc.assert(
      fc.property(hostileRequest, hostileOptions, (request, options) => {
        const { report, error } = timedEstimate(request, options);
        if (report === undefined) expectActionable(error);
        else expectSound(report);
      }),
      { numRuns: runs },
    );
  });

  it('takes prototype-pollution keys in the request, the options and the deployment as plain data', () => {
    for (const key of PROTOTYPE_KEYS) {
      const request = hostileObject({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 10 });
      for (const target of [request, { provider: key, model: key, inputTokens: 1 }]) {
        const options = hostileObject({ zone: key, deployment: hostileObject({ hardware: key, model: hostileObject({ totalParams: 8 }) }) });
        const { report, error } = timedEstimate(target, options);
        if (report === undefined) expectActionable(error);
        else expectSound(report);
      }
    }
  });

  it('answers an unknown zone with the provider’s zone and a warning, never a crash', () => {
    fc.assert(
      fc.property(hostileString.filter((zone) => !zones.includes(zone.trim().toUpperCase())), (zone) => {
        const { report, error } = timedEstimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 100, outputTokens: 100 }, { zone });
        if (report === undefined) {
          expectActionable(error);
          return;
        }
        expectSound(report);
        expect(report.warnings.length).toBeGreaterThan(0);
      }),
      { numRuns: Math.ceil(runs / 4) },
    );
  });
});

describe('estimate() under random valid requests', () => {
  const validRequest = fc.record({
    model: fc.constantFrom(...models),
    inputTokens: fc.nat({ max: 2_000_000 }),
    outputTokens: fc.nat({ max: 200_000 }),
    cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
    latencyMs: fc.option(fc.double({ min: 0, max: 3_600_000, noNaN: true }), { nil: undefined }),
    zone: fc.option(fc.constantFrom(...zones), { nil: undefined }),
    methodology: fc.constantFrom('wattlens', 'ecologits'),
    pue: fc.option(fc.double({ min: 1, max: 3, noNaN: true }), { nil: undefined }),
    extraOutput: fc.integer({ min: 1, max: 10_000 }),
  });

  it('always returns a sound report, which grows with the output', () => {
    fc.assert(
      fc.property(validRequest, (generated) => {
        const request: EstimateRequest = {
          provider: generated.model.provider,
          model: generated.model.id,
          inputTokens: generated.inputTokens,
          outputTokens: generated.outputTokens,
          cachedInputTokens: Math.floor(generated.inputTokens * generated.cachedShare),
          reasoningTokens: Math.floor(generated.outputTokens * generated.reasoningShare),
        };
        const options: EstimateOptions = {
          methodology: generated.methodology as 'wattlens' | 'ecologits',
          ...(generated.zone === undefined ? {} : { zone: generated.zone }),
          ...(generated.pue === undefined ? {} : { pue: generated.pue }),
        };
        const { report, error } = timedEstimate({ ...request, ...(generated.latencyMs === undefined ? {} : { latencyMs: generated.latencyMs }) }, options);
        expect(error).toBeUndefined();
        expectSound(report as ImpactReport);
        // More output, all else equal (no latency: it would be the same wall time for more work): never less energy.
        const less = timedEstimate(request, options).report as ImpactReport;
        const more = timedEstimate({ ...request, outputTokens: request.outputTokens! + generated.extraOutput }, options).report as ImpactReport;
        expect(more.energy.value).toBeGreaterThanOrEqual(less.energy.value * (1 - 1e-12));
      }),
      { numRuns: runs },
    );
  });
});
