import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Catalog, defaultCatalog } from './catalog';
import { InvalidRequestError } from './errors/invalid-request-error';
import { WattLensError } from './errors/wattlens-error';
import { estimate, estimateSpec, type EstimateOptions, type EstimateRequest } from './estimate';

const base: EstimateRequest = { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 300, latencyMs: 2500 };

function thrown(run: () => unknown): InvalidRequestError {
  try {
    run();
  } catch (error) {
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(WattLensError.isInstance(error)).toBe(true);
    return error as InvalidRequestError;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('estimate: bad input gets a clear answer', () => {
  it.each([
    ['outputTokens', { outputTokens: -1 }],
    ['outputTokens', { outputTokens: 1.5 }],
    ['outputTokens', { outputTokens: Number.NaN }],
    ['inputTokens', { inputTokens: Number.POSITIVE_INFINITY }],
    ['inputTokens', { inputTokens: '400' as unknown as number }],
    ['latencyMs', { latencyMs: -5 }],
    ['latencyMs', { latencyMs: Number.NaN }],
    ['provider', { provider: '' }],
    ['model', { model: '   ' }],
    ['modality', { modality: 'smell' as never }],
  ] as const)('names the field %s', (field, patch) => {
    const error = thrown(() => estimate({ ...base, ...patch }));
    expect(error.field).toBe(field);
    expect(error.code).toBe('invalid-request');
    expect(error.message).toContain(field);
    expect(error.message).toMatch(/expected/);
  });

  it.each([
    ['options.pue', { pue: 0.9 }],
    ['options.pue', { pue: { min: 1.4, max: 1.2 } }],
    ['options.wue', { wue: -1 }],
    ['options.methodology', { methodology: 'magic' as never }],
    ['options.deployment.batchSize', { deployment: { batchSize: 0 } }],
    ['options.deployment.weightBits', { deployment: { weightBits: 64 } }],
    ['options.deployment.model.totalParams', { deployment: { model: { totalParams: -3 } } }],
  ] as const)('rejects %s', (field, options) => {
    expect(thrown(() => estimate(base, options)).field).toBe(field);
  });

  it('accepts huge token counts with finite figures', () => {
    const report = estimate({ ...base, inputTokens: 2 ** 40, outputTokens: 2 ** 40 });
    expect(Number.isFinite(report.energy.max)).toBe(true);
  });

  it('never throws on random well-formed requests, and never poisons the prototype', () => {
    fc.assert(fc.property(
      fc.record({
        provider: fc.oneof(fc.constantFrom('openai', 'mistralai', 'huggingface_hub', 'google_genai', '__proto__', 'constructor'), fc.string({ minLength: 1 })),
        model: fc.oneof(fc.constantFrom('gpt-4o', '__proto__', 'toString', 'Qwen3-30B-A3B', '💡-mini'), fc.string({ minLength: 1 })),
        inputTokens: fc.nat(),
        outputTokens: fc.nat(),
      }),
      fc.oneof(fc.constant(undefined), fc.string(), fc.constantFrom('FRA', '__proto__', 'hasOwnProperty')),
      fc.constantFrom('wattlens', 'ecologits') as fc.Arbitrary<'wattlens' | 'ecologits'>,
      (request, zone, methodology) => {
        if (request.provider.trim() === '' || request.model.trim() === '') return;
        const options = zone === undefined || zone.trim() === '' ? { methodology } : { zone, methodology };
        const report = estimate(request, options);
        expect(report.energy.min).toBeLessThanOrEqual(report.energy.max);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    ), { numRuns: 500 });
  });
});

describe('estimate: unknown models, zones and providers', () => {
  it('infers a size class from the name, and says so', () => {
    // [model, total min, total max, active max]
    const cases: [string, number, number, number][] = [
      ['acme-70b-chat', 70, 70, 70],
      ['Qwen9-30B-A3B-Instruct', 30, 30, 3],
      ['tiny-135M', 0.135, 0.135, 0.135],
      ['acme-mini', 8, 40, 40],
      ['acme-large', 100, 400, 400],
      ['acme', 30, 120, 120],
    ];
    for (const [model, low, high, active] of cases) {
      const report = estimate({ ...base, provider: 'vllm', model });
      const warning = report.warnings.find((w) => w.code === 'model-unknown');
      expect(warning, model).toBeDefined();
      expect(report.assumptions.model.match).toBe('fallback');
      expect(report.assumptions.model.totalParameters.min).toBeCloseTo(low, 9);
      expect(report.assumptions.model.totalParameters.max).toBeCloseTo(high, 9);
      expect(report.assumptions.model.activeParameters.max).toBeCloseTo(active, 9);
    }
  });

  it('falls back to the world average for an unknown zone', () => {
    const report = estimate(base, { zone: 'ATLANTIS' });
    expect(report.assumptions.zone).toBe('WOR');
    expect(report.warnings.map((w) => w.code)).toContain('zone-unknown');
  });

  it('accepts EcoLogits provider names', () => {
    for (const [name, canonical] of [['mistralai', 'mistral'], ['huggingface_hub', 'huggingface'], ['google_genai', 'google']] as const) {
      expect(estimate({ ...base, provider: name, model: 'x-7b' }).request.provider).toBe(canonical);
    }
    expect(estimate({ ...base, provider: 'mistralai', model: 'mistral-small-latest' }).assumptions.model.match).not.toBe('fallback');
  });

  it('lets users add or override models and zones at run time', () => {
    const catalog = new Catalog({ base: defaultCatalog });
    catalog.registerModel({
      provider: 'vllm', id: 'our-finetune', architecture: 'dense',
      totalParameters: { value: 3, min: 3, max: 3 }, activeParameters: { value: 3, min: 3, max: 3 },
      openWeights: true, sources: [{ title: 'our config.json', date: '2026-11-28' }], checked: '2026-11-28',
    });
    const france = catalog.findZone('FRA');
    expect(france).toBeDefined();
    catalog.registerZone({ ...(france as NonNullable<typeof france>), gwp: 1 });
    const report = estimate({ ...base, provider: 'vllm', model: 'our-finetune' }, { catalog, zone: 'FRA' });
    expect(report.assumptions.model.match).toBe('exact');
    expect(report.usage.gwp.value).toBeCloseTo(report.energy.value * 1, 12);
    // The default catalog is untouched.
    expect(defaultCatalog.findModel('vllm', 'our-finetune')).toBeUndefined();
  });

  it('answers a look-up made before a model or provider is registered with the new entry afterwards', () => {
    const catalog = new Catalog({ base: defaultCatalog });
    expect(catalog.findModel('vllm', 'later-model')).toBeUndefined();
    expect(catalog.findModel('vllm', 'later-model')).toBeUndefined();
    catalog.registerModel({
      provider: 'vllm', id: 'later-model', architecture: 'dense',
      totalParameters: { value: 7, min: 7, max: 7 }, activeParameters: { value: 7, min: 7, max: 7 },
      openWeights: true, sources: [{ title: 'our config.json', date: '2026-11-28' }], checked: '2026-11-28',
    });
    expect(catalog.findModel('vllm', 'later-model')?.entry.totalParameters.value).toBe(7);
    const before = catalog.findModel('openai', 'gpt-4o');
    expect(before).toBeDefined();
    // Thousands of distinct look-ups (more than are remembered) change no answer.
    for (let index = 0; index < 5000; index += 1) expect(catalog.findModel('vllm', `unknown-${index}`)).toBeUndefined();
    expect(catalog.findModel('openai', 'gpt-4o')).toEqual(before);
  });
});

describe('estimate: what is kept between requests', () => {
  const fresh = (request: EstimateRequest, options: EstimateOptions): string => JSON.stringify(estimate(request, { ...options }));

  it('gives a reused options object the same reports as a fresh one, for every request', () => {
    const options: EstimateOptions = { zone: 'FRA', pue: { min: 1.1, max: 1.3 } };
    for (const request of [base, { ...base, model: 'gpt-4o' }, { ...base, model: 'unknown-model-13b' }, { ...base, provider: 'nobody' }, base]) {
      expect(JSON.stringify(estimate(request, options))).toBe(fresh(request, options));
    }
  });

  it('notices options changed in place, a range option changed inside included', () => {
    const pue = { min: 1.1, max: 1.3 };
    const options: { zone?: string; pue?: { min: number; max: number } } = { zone: 'FRA', pue };
    const before = estimate(base, options);
    options.zone = 'POL';
    const rezoned = estimate(base, options);
    expect(rezoned.assumptions.zone).toBe('POL');
    expect(rezoned.gwp.value).toBeGreaterThan(before.gwp.value);
    pue.max = 2;
    expect(estimate(base, options).assumptions.pue.max).toBe(2);
    expect(JSON.stringify(estimate(base, options))).toBe(fresh(base, options));
  });

  it('uses an entry registered after the first request of the same options', () => {
    const catalog = new Catalog({ base: defaultCatalog });
    const options: EstimateOptions = { catalog };
    const guessed = estimate({ ...base, provider: 'vllm', model: 'late-model' }, options);
    expect(guessed.assumptions.model.match).toBe('fallback');
    catalog.registerModel({
      provider: 'vllm', id: 'late-model', architecture: 'dense',
      totalParameters: { value: 7, min: 7, max: 7 }, activeParameters: { value: 7, min: 7, max: 7 },
      openWeights: true, sources: [{ title: 'our config.json', date: '2026-11-28' }], checked: '2026-11-28',
    });
    const known = estimate({ ...base, provider: 'vllm', model: 'late-model' }, options);
    expect(known.assumptions.model.match).toBe('exact');
    expect(known.assumptions.model.totalParameters.value).toBe(7);
    const france = catalog.findZone('FRA');
    catalog.registerZone({ ...(france as NonNullable<typeof france>), gwp: 2 });
    expect(estimate(base, { catalog, zone: 'FRA' }).usage.gwp.value).toBeCloseTo(estimate(base, { catalog, zone: 'FRA' }).energy.value * 2, 12);
  });

  it('answers the same after thousands of distinct model names (more than are remembered)', () => {
    const before = JSON.stringify(estimate(base, { zone: 'DEU' }));
    for (let index = 0; index < 5000; index += 1) {
      const report = estimate({ ...base, model: `no-such-model-${index}b` }, index % 2 === 0 ? {} : { zone: 'DEU' });
      expect(report.warnings[0]?.code).toBe('model-unknown');
    }
    expect(JSON.stringify(estimate(base, { zone: 'DEU' }))).toBe(before);
  });

  it('reads a deployment at every request: a spec changed in place counts', () => {
    const deployment = { hardware: 'h200', batchSize: 64 };
    const options = { deployment };
    const first = estimate(base, options);
    deployment.batchSize = 8;
    const second = estimate(base, options);
    expect(second.assumptions.batchSize.value).toBe(8);
    expect(second.energy.value).toBeGreaterThan(first.energy.value);
  });

  it('keeps reports apart: each has its own warning list, and shared warnings cannot be changed', () => {
    const first = estimate({ ...base, model: 'unknown-model-13b' });
    const second = estimate({ ...base, model: 'unknown-model-13b' });
    expect(first.warnings).not.toBe(second.warnings);
    expect(first.warnings).toEqual(second.warnings);
    (first.warnings as unknown[]).push({ code: 'mine', message: '' });
    expect(second.warnings.map((warning) => warning.code)).not.toContain('mine');
    expect(() => {
      (first.warnings[0] as { message: string }).message = 'changed';
    }).toThrow(TypeError);
  });
});

describe('estimateSpec', () => {
  it('reads parameter counts in billions or absolute', () => {
    const shape = { layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, headDim: 128, ffnSize: 14336 };
    const a = estimateSpec({ model: { totalParams: 8.03, ...shape }, hardware: 'h200', batchSize: 64, inputTokens: 1016, outputTokens: 16 });
    const b = estimateSpec({ model: { totalParams: 8.03e9, ...shape }, hardware: 'h200', batchSize: 64, inputTokens: 1016, outputTokens: 16 });
    expect(a.breakdown.gpu.decode.value).toBeCloseTo(b.breakdown.gpu.decode.value, 15);
    expect(a.assumptions.model.totalParameters.value).toBeCloseTo(8.03, 12);
  });
});

describe('estimateSpec: mixture of experts', () => {
  it('derives active parameters from the experts when the spec does not give them', () => {
    // Mixtral 8x7B: 46.7B total, 12.9B active; 32 layers, hidden 4096, 8 experts of 14,336, 2 per token.
    const shape = { layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, headDim: 128, experts: 8, expertsPerToken: 2, expertFfnSize: 14336 };
    const derived = estimateSpec({ model: { totalParams: 46.7e9, ...shape }, hardware: 'h200', batchSize: 8, inputTokens: 512, outputTokens: 64 });
    const given = estimateSpec({ model: { totalParams: 46.7e9, activeParams: 12.9e9, ...shape }, hardware: 'h200', batchSize: 8, inputTokens: 512, outputTokens: 64 });
    expect(derived.assumptions.model.architecture).toBe('moe');
    expect(derived.assumptions.model.activeParameters.value).toBeCloseTo(12.9, 0);
    expect(derived.breakdown.gpu.decode.value / given.breakdown.gpu.decode.value).toBeCloseTo(1, 1);
  });
});
