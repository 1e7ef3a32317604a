import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ImpactReport } from '@wattlens/core';
import { main } from '../main';
import { captureIO } from '../../test/capture-io';

const capture = () => captureIO();

const base = ['estimate', '--provider', 'openai', '--model', 'gpt-4o', '--input-tokens', '400', '--output-tokens', '500', '--latency', '10'];

describe('wattlens estimate', () => {
  it('prints the ImpactReport as JSON with --json', async () => {
    const { io, out } = capture();
    expect(await main([...base, '--json', '--methodology', 'ecologits'], io)).toBe(0);
    const report = JSON.parse(out()) as ImpactReport;
    expect(report.request).toMatchObject({ provider: 'openai', model: 'gpt-4o', inputTokens: 400, outputTokens: 500, latencyMs: 10_000 });
    expect(report.assumptions.methodology).toBe('ecologits');
    expect(report.energy.value).toBeGreaterThan(0);
    expect(report.energy.min).toBeLessThanOrEqual(report.energy.max);
  });

  it('honours --zone', async () => {
    const usa = capture();
    const fra = capture();
    await main([...base, '--json', '--methodology', 'ecologits'], usa.io);
    await main([...base, '--json', '--methodology', 'ecologits', '--zone', 'FRA'], fra.io);
    const a = JSON.parse(usa.out()) as ImpactReport;
    const b = JSON.parse(fra.out()) as ImpactReport;
    expect(b.assumptions.zone).toBe('FRA');
    expect(b.energy.value).toBeCloseTo(a.energy.value, 12);
    expect(b.usage.gwp.value).toBeLessThan(a.usage.gwp.value / 3);
  });

  it('prints a readable report by default', async () => {
    const { io, out } = capture();
    expect(await main(base, io)).toBe(0);
    expect(out()).toMatch(/Energy/);
    expect(out()).toMatch(/Wh/);
    expect(out()).toMatch(/Assumptions/);
  });

  it.each([
    [['--output-tokens', '-5'], /output-tokens/],
    [['--output-tokens', '1.5'], /output-tokens/],
    [['--latency', 'soon'], /latency/],
    [['--methodology', 'magic'], /methodology/],
    [['--frobnicate'], /frobnicate/],
    [['--pue', '0.5'], /pue/],
  ])('exits 2 with a one-line message on bad arguments %j', async (extra, pattern) => {
    const { io, err, out } = capture();
    expect(await main([...base, ...extra], io)).toBe(2);
    expect(err()).toMatch(pattern);
    expect(err().trim().split('\n')).toHaveLength(1);
    expect(out()).toBe('');
  });

  it('exits 2 when --provider or --model is missing', async () => {
    const { io, err } = capture();
    expect(await main(['estimate', '--model', 'gpt-4o'], io)).toBe(2);
    expect(err()).toMatch(/--provider is required/);
  });

  it('estimates your own deployment from --spec, with the GPU breakdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wattlens-spec-'));
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify({
      model: { totalParams: 8030261248, activeParams: 8030261248, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, headDim: 128, ffnSize: 14336 },
      hardware: 'h200', batchSize: 64, inputTokens: 1016, outputTokens: 16,
    }));
    const { io, out } = capture();
    expect(await main(['estimate', '--spec', file, '--json'], io)).toBe(0);
    const report = JSON.parse(out()) as ImpactReport;
    expect(report.assumptions).toMatchObject({ methodology: 'wattlens', hardware: 'h200', batchSize: { value: 64 }, gpus: { value: 1 } });
    // Measured on an H200 at batch 64 over a 1,024-token cache: 0.0751 J per token (mean of two machines).
    const joulesPerToken = (report.breakdown.gpu.decode.value * 3.6e6) / 16;
    expect(joulesPerToken).toBeGreaterThan(0.0751 * 0.9);
    expect(joulesPerToken).toBeLessThan(0.0751 * 1.1);
    expect(report.breakdown.gpu.prefill.value).toBeGreaterThan(0);

    const bad = capture();
    writeFileSync(file, '{ not json');
    expect(await main(['estimate', '--spec', file], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/not a JSON object/);
    const missing = capture();
    expect(await main(['estimate', '--spec', join(dir, 'nope.json')], missing.io)).toBe(2);
    expect(missing.err()).toMatch(/ENOENT/);
  });

  it('runs as the built `wattlens` binary', () => {
    const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
    expect(existsSync(bin), 'build the CLI first (npm test does)').toBe(true);
    const result = spawnSync(process.execPath, [bin, ...base, '--json'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as ImpactReport).request.model).toBe('gpt-4o');
    const bad = spawnSync(process.execPath, [bin, 'estimate', '--provider', 'openai', '--model', 'gpt-4o', '--output-tokens', 'x'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
