import { describe, expect, it } from 'vitest';
import { estimate } from '../estimate';
import type { ImpactReport, Range } from '../impact-report';
import { ECOLOGITS_VECTORS } from '../../test/fixtures/ecologits-vectors';

function pick(report: ImpactReport, path: string): Range {
  const [head, tail] = path.split('.') as [string, string | undefined];
  const node = (report as unknown as Record<string, unknown>)[head];
  return (tail === undefined ? node : (node as Record<string, unknown>)[tail]) as Range;
}

function expectClose(actual: number, expected: number, label: string): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected) / scale, `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9);
}

describe('ecologits methodology: EcoLogits 0.9.1 reference vectors', () => {
  it.each(ECOLOGITS_VECTORS.map((vector) => [`${vector.provider}/${vector.model} ${vector.outputTokens} tok ${vector.latencySeconds}s ${vector.zone ?? 'default'}`, vector] as const))(
    '%s',
    (_label, vector) => {
      const report = estimate(
        { provider: vector.provider, model: vector.model, outputTokens: vector.outputTokens, latencyMs: vector.latencySeconds * 1000 },
        { methodology: 'ecologits', ...(vector.zone === null ? {} : { zone: vector.zone }) },
      );
      for (const [path, [min, max]] of Object.entries(vector.expected)) {
        const range = pick(report, path);
        expectClose(range.min, min, `${path}.min`);
        expectClose(range.max, max, `${path}.max`);
        expect(range.min).toBeLessThanOrEqual(range.value);
        expect(range.value).toBeLessThanOrEqual(range.max);
      }
      expect(report.warnings.map((warning) => warning.code)).toEqual(vector.warnings);
      expect(report.assumptions.methodology).toBe('ecologits');
    },
  );
});
