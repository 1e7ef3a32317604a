import { resolve } from 'node:path';
import {
  equivalents,
  formatCarbon,
  formatEnergy,
  formatEquivalent,
  formatPrimaryEnergy,
  formatRange,
  formatResources,
  formatWater,
  Meter,
  type FormatLocale,
  type ImpactTotals,
} from '@wattlens/core';
import { loadLedger } from '@wattlens/core/ledger';
import { UsageError, type CliCommand } from '../cli-io';
import { choiceFlag, dateFlag, parseFlags } from '../internal/args';

export const REPORT_HELP = `Usage: wattlens report FILE [--json] [--by provider|model|tag:KEY] [--since DATE] [--until DATE]

Totals and breakdowns of a WattLens ledger (JSON Lines, one record per request).

  --by WHAT          breakdown to show: provider, model or tag:KEY (e.g. tag:user);
                     default: provider and model
  --since DATE       only requests at or after DATE (2026-11-01 or 2026-11-01T08:00Z)
  --until DATE       only requests before DATE
  --locale en|fr     language of the units and equivalents (default en)
  --json             print { requests, energy, gwp, water, adpe, pe, byProvider, byModel }
                     (and byTag with --by tag:KEY), each impact as { value, min, max }

Lines that are not records (a torn last line after a crash) are skipped with a warning on stderr.
`;

/** The JSON shape of one total: request count, each impact as a range, tokens. */
function totalsJson(totals: ImpactTotals): Record<string, unknown> {
  return {
    requests: totals.requests,
    energy: totals.energy,
    gwp: totals.gwp,
    water: totals.water,
    adpe: totals.adpe,
    pe: totals.pe,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    failed: totals.failed,
    aborted: totals.aborted,
  };
}

function breakdownJson(breakdown: Readonly<Record<string, ImpactTotals>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(breakdown).map(([key, totals]) => [key, totalsJson(totals)]));
}

function table(title: string, column: string, breakdown: Readonly<Record<string, ImpactTotals>>, locale: FormatLocale): string[] {
  const rows = Object.entries(breakdown)
    .sort(([, a], [, b]) => b.gwp.value - a.gwp.value)
    .map(([key, totals]) => [
      key,
      String(totals.requests),
      formatEnergy(totals.energy.value, { locale }),
      formatCarbon(totals.gwp.value, { locale }),
      formatWater(totals.water.value, { locale }),
    ]);
  if (rows.length === 0) return [];
  const header = [column, 'requests', 'energy', 'CO2e', 'water'];
  const widths = header.map((_, index) => Math.max(...[header, ...rows].map((row) => row[index]?.length ?? 0)));
  return [
    '',
    title,
    ...[header, ...rows].map((row) => `  ${row.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('   ')}`),
  ];
}

/** `wattlens report FILE`: totals and breakdowns of a ledger, readable or as JSON. */
export const reportCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseFlags(args, {
    by: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    locale: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  }, true);
  if (values.help) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'give the ledger file: wattlens report FILE' : `expected one ledger file, got ${positionals.length}`);
  }
  const file = positionals[0] as string;
  const by = values.by;
  if (by !== undefined && by !== 'provider' && by !== 'model' && !/^tag:.+$/.test(by)) {
    throw new UsageError(`--by must be provider, model or tag:KEY, got "${by}"`);
  }
  const tagKey = by?.startsWith('tag:') ? by.slice(4) : undefined;
  const since = dateFlag('since', values.since);
  const until = dateFlag('until', values.until);
  const locale = choiceFlag('locale', values.locale, ['en', 'fr'] as const) ?? 'en';

  // Caps far above any real ledger: a report sums every value exactly, never under "(other)".
  const meter = new Meter({ limits: { breakdownKeys: 1_000_000, windowBreakdownKeys: 1, tagKeys: 10_000 } });
  try {
    await loadLedger(resolve(io.cwd, file), meter, {
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      onWarning: (warning) => io.stderr(`wattlens report: warning: ${warning.message}\n`),
    });
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === 'ENOENT') throw new UsageError(`cannot read "${file}": no such file`);
    if (code === 'EISDIR') throw new UsageError(`"${file}" is a directory, not a ledger file`);
    throw error;
  }
  const snapshot = meter.snapshot();

  if (values.json) {
    const result: Record<string, unknown> = {
      ...totalsJson(snapshot.totals),
      byProvider: breakdownJson(snapshot.byProvider),
      byModel: breakdownJson(snapshot.byModel),
      ...(tagKey === undefined ? {} : { byTag: { [tagKey]: breakdownJson(snapshot.byTag[tagKey] ?? {}) } }),
    };
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }

  const { totals } = snapshot;
  const lines: string[] = [];
  const period = [since === undefined ? '' : `since ${new Date(since).toISOString()}`, until === undefined ? '' : `until ${new Date(until).toISOString()}`].filter(Boolean).join(' ');
  const ended = [totals.failed > 0 ? `${totals.failed} failed` : '', totals.aborted > 0 ? `${totals.aborted} aborted` : ''].filter(Boolean).join(', ');
  lines.push(`${file} · ${totals.requests} request${totals.requests === 1 ? '' : 's'}${ended === '' ? '' : ` (${ended})`}`
    + ` · ${totals.inputTokens} input + ${totals.outputTokens} output tokens${period === '' ? '' : ` · ${period}`}`);
  if (totals.requests > 0) {
    lines.push('');
    const rows: [string, string][] = [
      ['Energy', formatRange(totals.energy, formatEnergy, { locale })],
      ['Greenhouse gases', formatRange(totals.gwp, formatCarbon, { locale })],
      ['Water', formatRange(totals.water, formatWater, { locale })],
      ['Abiotic resources', formatRange(totals.adpe, formatResources, { locale })],
      ['Primary energy', formatRange(totals.pe, formatPrimaryEnergy, { locale })],
    ];
    for (const [label, value] of rows) lines.push(`  ${label.padEnd(18)} ${value}`);
    lines.push('');
    lines.push(`  ≈ ${equivalents(totals, { only: ['petrol-car-km', 'smartphone-charges', 'video-streaming-hours', 'bottled-water-litres'] }).map((equivalent) => formatEquivalent(equivalent, { locale })).join(' · ')}`);
    if (by === undefined || by === 'provider') lines.push(...table('By provider', 'provider', snapshot.byProvider, locale));
    if (by === undefined || by === 'model') lines.push(...table('By model', 'model', snapshot.byModel, locale));
    if (tagKey !== undefined) {
      const breakdown = snapshot.byTag[tagKey];
      lines.push(...(breakdown === undefined ? ['', `No request carries the tag "${tagKey}".`] : table(`By ${tagKey}`, tagKey, breakdown, locale)));
    }
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
};
