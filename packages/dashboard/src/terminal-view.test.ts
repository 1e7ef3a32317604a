import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultCatalog, estimate, formatCarbon, formatEnergy, formatWater, toImpactRecord } from '@wattlens/core';
import type { DashboardSnapshot } from './dashboard-snapshot';
import { DashboardModel } from './internal/dashboard-model';
import { renderTerminalLine, renderTerminalView } from './terminal-view';

const ESCAPE = /\u001B\[[0-9;]*m/g;

function visible(line: string): string {
  return line.replace(ESCAPE, '');
}

function snapshot(options: { readonly budgets?: boolean; readonly models?: number } = {}): DashboardSnapshot {
  const model = new DashboardModel({
    catalog: defaultCatalog,
    feedSize: 5,
    bucketMs: 5_000,
    buckets: 120,
    sources: { meter: false, ledger: 'impact.jsonl' },
    ...(options.budgets === true ? { budgets: [{ name: 'daily-co2', metric: 'gwp' as const, limit: 0.0004, window: 'day' as const }] } : {}),
  });
  const models = [['openai', 'gpt-4o', 2000], ['mistral', 'mistral-small-latest', 300], ['huggingface', 'meta-llama/Llama-3.1-8B-Instruct', 100],
    ['openai', 'gpt-4o-mini', 50], ['mistral', 'mistral-large-latest', 40], ['openai', 'gpt-4.1', 30]] as const;
  for (const [provider, id, outputTokens] of models.slice(0, options.models ?? 3)) {
    model.add(toImpactRecord(estimate({ provider, model: id, inputTokens: 500, outputTokens, latencyMs: 5000 }), { operation: 'chat' }));
  }
  return model.snapshot();
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-11-28T10:42:07Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('renderTerminalView', () => {
  it('shows the totals with their ranges, the requests, the last minute and the equivalents', () => {
    const state = snapshot();
    const lines = renderTerminalView(state, { color: false, columns: 100 });
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/^WattLens · live · impact\.jsonl\s+10:42:07 UTC$/);
    expect(lines[0]).toHaveLength(100);
    expect(text).toContain(`Energy       ${formatEnergy(state.totals.energy.value)}`);
    expect(text).toContain(`range ${formatEnergy(state.totals.energy.min)} – ${formatEnergy(state.totals.energy.max)}`);
    expect(text).toContain(formatCarbon(state.totals.gwp.value));
    expect(text).toContain(formatWater(state.totals.water.value));
    expect(text).toMatch(/Requests {5}3 requests · 1,500 in \+ 2,400 out tokens/);
    expect(text).toMatch(/Last minute {2}3 requests/);
    expect(text).toMatch(/≈ .* by petrol car · .* smartphone charges? · .* of video streaming · .* of bottled water/);
    expect(lines.find((line) => line.startsWith('Last 10 min'))).toMatch(/^Last 10 min {3}[ ▁▂▃▄▅▆▇█]+█$/);
    expect(lines.at(-1)).toBe('Ctrl-C to stop');
    expect(text).not.toMatch(ESCAPE);
  });

  it('lists the top models by energy, largest first, with their share', () => {
    const state = snapshot({ models: 6 });
    const lines = renderTerminalView(state, { color: false, columns: 100, topModels: 3 });
    const header = lines.findIndex((line) => line.startsWith('Top models'));
    const rows = lines.slice(header + 1, header + 4);
    const expected = Object.entries(state.byModel).sort(([, a], [, b]) => b.energy.value - a.energy.value).slice(0, 3).map(([name]) => name);
    expect(expected[0]).toBe('openai/gpt-4o');
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(expected);
    expect(lines[header + 4]).toBe('');
    expect(rows[0]).toMatch(/█{5,}/);
  });

  it('shows budgets with a gauge and their state', () => {
    const state = snapshot({ budgets: true });
    const budget = state.budgets[0];
    const text = renderTerminalView(state, { color: false, columns: 120 }).join('\n');
    expect(text).toContain('Budgets');
    expect(text).toMatch(new RegExp(`daily-co2 +[█░]{10} +${Math.round((budget?.fraction ?? 0) * 100)}%  .* of 400 mg CO2e per day`));
    if (budget?.state !== 'ok') expect(text).toContain(`· ${budget?.state}`);
  });

  it('colours with ANSI codes only when asked, and never goes past the width', () => {
    const state = snapshot({ budgets: true, models: 6 });
    for (const columns of [40, 60, 80, 132]) {
      const lines = renderTerminalView(state, { columns });
      expect(lines.join('\n')).toMatch(ESCAPE);
      for (const line of lines) expect([...visible(line)].length).toBeLessThanOrEqual(columns);
    }
  });

  it('fits a short terminal by leaving out the least important sections', () => {
    const state = snapshot({ budgets: true, models: 6 });
    const full = renderTerminalView(state, { color: false });
    const short = renderTerminalView(state, { color: false, rows: 12 });
    expect(full.length).toBeGreaterThan(12);
    expect(short.length).toBeLessThanOrEqual(12);
    expect(short.slice(0, 6)).toEqual(full.slice(0, 6));
    expect(short.at(-1)).toBe('Ctrl-C to stop');
  });

  it('speaks French units when asked', () => {
    const text = renderTerminalView(snapshot(), { color: false, locale: 'fr' }).join('\n');
    expect(text).toContain('en voiture thermique');
    expect(text).toMatch(/\d,\d+\u202f(m|µ)?Wh/);
  });
});

describe('renderTerminalLine', () => {
  it('sums a snapshot up in one plain line', () => {
    const state = snapshot();
    expect(renderTerminalLine(state)).toBe(`10:42:07 UTC  3 requests  ${formatEnergy(state.totals.energy.value)}  ${formatCarbon(state.totals.gwp.value)}`
      + `  ${formatWater(state.totals.water.value)}  last minute: 3 requests, ${formatEnergy(state.lastMinute.energy.value)}`);
  });
});
