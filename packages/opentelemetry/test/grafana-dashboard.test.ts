// The Grafana dashboard in docs/: well formed, and every metric it reads is one ImpactMetrics
// writes, under the names of the OpenTelemetry JavaScript Prometheus exporter and under the names
// the OpenTelemetry Collector and Prometheus' OTLP receiver give them (with a unit suffix).
// test/fleet.test.ts runs its queries against a real Prometheus.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IMPACT_INSTRUMENTS } from '../src/impact-instruments';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { uid: string } }[];
  fieldConfig?: { defaults?: { unit?: string } };
}

const dashboard = JSON.parse(readFileSync(fileURLToPath(new URL('../../../docs/grafana-dashboard.json', import.meta.url)), 'utf8')) as {
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; allValue?: string }[] };
};

/**
 * The OpenTelemetry Prometheus compatibility rule for unit suffixes, as the Collector and
 * Prometheus' OTLP receiver apply it: J → joules, g → grams, s → seconds; annotations in braces
 * add nothing; other units (L) are appended as they are.
 */
const UNIT_WORDS: Readonly<Record<string, string>> = { J: 'joules', g: 'grams', s: 'seconds' };

function collectorName(instrument: (typeof IMPACT_INSTRUMENTS)[number]): string {
  const base = instrument.name.replaceAll('.', '_');
  const unit = instrument.unit.startsWith('{') ? '' : `_${UNIT_WORDS[instrument.unit] ?? instrument.unit}`;
  return instrument.kind === 'counter' ? `${base}${unit}_total` : `${base}${unit}`;
}

/** Every series name a WattLens export can have, under both naming schemes. */
const seriesNames = IMPACT_INSTRUMENTS.flatMap((instrument) => {
  const names = [instrument.prometheusName, collectorName(instrument)];
  return instrument.kind === 'counter' ? names : names.flatMap((name) => ['_bucket', '_sum', '_count'].map((suffix) => name + suffix));
});

const targets = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target })));

describe('docs/grafana-dashboard.json', () => {
  it('is a dashboard Grafana can import: unique ids, panels within the 24-column grid, one data source variable', () => {
    expect(dashboard.uid).toBe('wattlens-fleet');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      if (panel.type !== 'row') {
        expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
        expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
        expect(panel.fieldConfig?.defaults?.unit, panel.title).toBeTruthy();
      }
    }
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(['datasource', 'service', 'model', 'tag']);
  });

  it('shows energy, CO2e and water over time, by service, model and provider, and the top tags', () => {
    const titles = dashboard.panels.map((panel) => panel.title);
    expect(titles).toEqual(expect.arrayContaining([
      'Energy', 'Greenhouse gases (CO2e)', 'Water',
      'Power draw by service', 'CO2e by service', 'Water by service',
      'Power draw by model', 'CO2e by provider',
      'Top $tag by CO2e', 'Top $tag by energy', 'Top $tag by water',
    ]));
    const band = dashboard.panels.find((panel) => panel.title === 'Fleet power draw, with its uncertainty band');
    expect(band?.targets?.map((target) => target.expr)).toEqual([
      expect.stringContaining('wattlens_energy(_joules)?_total'),
      expect.stringContaining('wattlens_energy_min(_joules)?_total'),
      expect.stringContaining('wattlens_energy_max(_joules)?_total'),
    ]);
  });

  it('reads only series WattLens exports, under either naming scheme, and only defined variables', () => {
    const variables = new Set(dashboard.templating.list.map((variable) => variable.name));
    for (const { panel, target } of targets) {
      // Selectors by name pattern must match both the exporter's and the Collector's name.
      for (const [, pattern] of target.expr.matchAll(/__name__=~"([^"]+)"/g)) {
        const regex = new RegExp(`^(?:${pattern})$`);
        const matched = seriesNames.filter((name) => regex.test(name));
        expect(matched, `${panel.title}: ${pattern}`).toHaveLength(2);
      }
      // Plain metric names must be exported as they are by both.
      const withoutPatterns = target.expr.replaceAll(/"[^"]*"/g, '""');
      for (const [name] of withoutPatterns.matchAll(/\b(?:wattlens|gen_ai)_[a-z_]+(?=\{|\[)/g)) {
        expect(seriesNames, `${panel.title}: ${name}`).toContain(name);
      }
      for (const [, variable] of target.expr.matchAll(/\$([a-z_]+)/g)) {
        if (!variable?.startsWith('__')) expect(variables, `${panel.title}: $${variable}`).toContain(variable);
      }
    }
    expect(targets.length).toBeGreaterThanOrEqual(20);
  });
});
