import { describe, expect, it } from 'vitest';
import type { EstimateOptions, EstimateRequest } from './estimate';
import { Catalog, defaultCatalog } from './catalog';
import { DeferredEstimate } from './deferred-report';
import { estimate } from './estimate';
import { newDelta, reportDelta } from './internal/aggregate';

/** Requests of every kind: each catalog model, text of several lengths, the other modalities, reported energy. */
function requests(): EstimateRequest[] {
  const list: EstimateRequest[] = [];
  for (const model of defaultCatalog.models()) {
    for (const [inputTokens, outputTokens] of [[0, 0], [12, 1], [400, 300], [120_000, 4_000]] as const) {
      list.push({ provider: model.provider, model: model.id, inputTokens, outputTokens, latencyMs: 1200 });
    }
  }
  list.push(
    { provider: 'openai', model: 'text-embedding-3-small', modality: 'embedding', inputTokens: 800, outputTokens: 0 },
    { provider: 'openai', model: 'gpt-image-1', modality: 'image', images: 2, imageSize: '1024x1024', imageQuality: 'high', inputTokens: 30, outputTokens: 0 },
    { provider: 'openai', model: 'whisper-1', modality: 'audio-transcription', audioSeconds: 95, inputTokens: 0, outputTokens: 0 },
    { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 200, outputTokens: 100, reportedEnergyJoules: 900 },
    { provider: 'nobody-knows', model: 'mystery-model', inputTokens: 50, outputTokens: 50 },
  );
  return list;
}

describe('DeferredEstimate', () => {
  it('gives a meter the same amounts from its totals alone as from the report, to the last bit', () => {
    const optionSets: EstimateOptions[] = [{}, { zone: 'FRA' }, { pue: { min: 1.1, max: 1.5 }, wue: 0.2 }];
    let compared = 0;
    for (const options of optionSets) {
      for (const request of requests()) {
        for (const status of ['completed', 'failed', 'aborted'] as const) {
          const fromTotals = DeferredEstimate.estimate(request, options).deltaInto(status, newDelta());
          const fromReport = reportDelta(estimate(request, options), status, newDelta());
          expect([...fromTotals].map((value, slot) => Object.is(value, fromReport[slot]))).not.toContain(false);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('computes its report only when read, after the meter’s amounts too', () => {
    const request = { provider: 'mistral', model: 'mistral-small-latest', inputTokens: 100, outputTokens: 40 };
    const deferred = DeferredEstimate.estimate(request, {});
    const amounts = deferred.deltaInto('completed', newDelta());
    expect(deferred.report).toEqual(estimate(request));
    expect(deferred.deltaInto('completed', newDelta())).toEqual(amounts);
  });

  it('resolves each request against the catalog as it was when it ended, however many are held', () => {
    const catalog = new Catalog({ base: defaultCatalog });
    const usa = catalog.findZone('USA');
    if (usa === undefined) throw new Error('the default catalog has USA');
    const request = (outputTokens: number): EstimateRequest => ({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 100, outputTokens, latencyMs: 900 });
    const expected = (outputTokens: number, factor: number): number => {
      const copy = new Catalog({ base: defaultCatalog }).registerZone({ ...usa, gwp: usa.gwp * factor });
      return estimate(request(outputTokens), { catalog: copy }).gwp.value;
    };
    // 1, then 150 requests (more than are held before being resolved together), then a change.
    const first = [DeferredEstimate.estimate(request(1), { catalog })];
    catalog.registerZone({ ...usa, gwp: usa.gwp * 2 });
    const second = Array.from({ length: 150 }, (_, index) => DeferredEstimate.estimate(request(index + 1), { catalog }));
    catalog.registerZone({ ...usa, gwp: usa.gwp * 3 });
    expect(first[0]?.report.gwp.value).toBe(expected(1, 1));
    second.forEach((deferred, index) => expect(deferred.report.gwp.value).toBe(expected(index + 1, 2)));
    expect(DeferredEstimate.estimate(request(7), { catalog }).report.gwp.value).toBe(expected(7, 3));
  });

  it('resolves at once a request whose options the caller could change (a PUE object, a deployment)', () => {
    const pue = { min: 1.1, max: 1.3, value: 1.2 };
    const request = { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 100, outputTokens: 50 };
    const before = estimate(request, { pue: { ...pue } });
    const deferred = DeferredEstimate.estimate(request, { pue });
    pue.value = 1.3;
    pue.max = 2;
    expect(deferred.report).toEqual(before);
    const deployment = { hardware: 'h100', batchSize: 8 };
    const planned = estimate(request, { deployment: { ...deployment } });
    const served = DeferredEstimate.estimate(request, { deployment });
    deployment.hardware = 'a100-80gb';
    expect(served.report).toEqual(planned);
  });

  it('gives the failed-estimate report for a request estimate() refuses', () => {
    const deferred = DeferredEstimate.estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: -1, outputTokens: 2 }, {});
    expect(deferred.report.energy.value).toBe(0);
    expect(deferred.report.warnings.map((warning) => warning.code)).toContain('estimate-failed');
  });
});
