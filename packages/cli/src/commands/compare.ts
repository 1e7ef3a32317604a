import {
  compare,
  equivalents,
  formatCarbon,
  formatEnergy,
  formatEquivalent,
  formatPrimaryEnergy,
  formatResources,
  formatWater,
  parseCandidate,
  WattLensError,
  type CompareCandidate,
  type CompareOptions,
  type Comparison,
  type FormatLocale,
  type ImpactCriterion,
  type UniformWorkload,
} from '@wattlens/core';
import { UsageError, type CliCommand } from '../cli-io';
import { choiceFlag, integerFlag, listFlag, numberFlag, parseFlags, requiredFlag } from '../internal/args';

export const COMPARE_HELP = `Usage: wattlens compare --input-tokens N --output-tokens N --models LIST [options]

Ranks providers, models and zones for the same work: the impact of each, the ratio to the best,
and what moving from your current choice would save.

  --models LIST          candidates, comma-separated, as provider/model or provider/model@ZONE,
                         e.g. openai/gpt-4o,openai/gpt-4o-mini,mistral/mistral-small-latest;
                         the first is your current choice
  --input-tokens N       prompt tokens per request (default 0)
  --output-tokens N      generated tokens per request (default 0)
  --requests N           how many such requests (default 1)
  --latency SECONDS      wall-clock latency of each request
  --zone CODE            electricity zone for candidates that do not name one (FRA, USA, …)
  --metric NAME          rank by gwp (default), energy, water, adpe or pe
  --current LABEL        the current choice, if not the first candidate
  --methodology NAME     wattlens or ecologits
  --locale en|fr         language of the units (default en)
  --json                 print the comparison as JSON
`;

const METRICS = ['gwp', 'energy', 'water', 'adpe', 'pe'] as const;

const METRIC_NAMES: Readonly<Record<ImpactCriterion, string>> = {
  gwp: 'greenhouse gases (CO2e)',
  energy: 'energy',
  water: 'water',
  adpe: 'abiotic resources',
  pe: 'primary energy',
};

const FORMATTERS: Readonly<Record<ImpactCriterion, (value: number, options: { locale: FormatLocale }) => string>> = {
  gwp: formatCarbon,
  energy: formatEnergy,
  water: formatWater,
  adpe: formatResources,
  pe: formatPrimaryEnergy,
};

function ratio(value: number, locale: FormatLocale): string {
  if (!Number.isFinite(value)) return '∞';
  const format = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', value < 10 ? { minimumFractionDigits: 1, maximumFractionDigits: 1 } : { maximumFractionDigits: 0 });
  return `${format.format(value)}×`;
}

/** A saving, rounded towards zero so that 99.7% never reads as 100%. */
function change(fraction: number): string {
  const percent = Math.floor(Math.abs(fraction) * 100);
  if (fraction === 0) return '±0%';
  if (percent === 0) return fraction > 0 ? 'saves <1%' : '+<1%';
  return fraction > 0 ? `saves ${percent}%` : `+${percent}%`;
}

function render(result: Comparison, workload: UniformWorkload, locale: FormatLocale): string {
  const lines: string[] = [];
  const count = result.requests;
  lines.push(`${workload.inputTokens ?? 0} input + ${workload.outputTokens ?? 0} output tokens${count === 1 ? '' : ` × ${count} requests`}`
    + ` · ranked by ${METRIC_NAMES[result.metric]} · current choice: ${result.current}`);
  lines.push('');
  const columns: ImpactCriterion[] = [result.metric, ...(['gwp', 'energy', 'water'] as const).filter((metric) => metric !== result.metric)];
  const header = ['#', 'candidate', ...columns.map((metric) => (metric === 'gwp' ? 'CO2e' : metric)), '× best', 'vs current'];
  const rows = result.rows.map((row) => [
    String(row.rank),
    row.current ? `${row.label} (current)` : row.label,
    ...columns.map((metric) => FORMATTERS[metric](row.impacts[metric].value, { locale })),
    ratio(row.ratioToBest, locale),
    row.current ? '—' : change(row.savingsFraction),
  ]);
  const widths = header.map((_, index) => Math.max(...[header, ...rows].map((row) => row[index]?.length ?? 0)));
  for (const row of [header, ...rows]) {
    lines.push(`  ${row.map((cell, index) => (index === 1 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('   ')}`);
  }
  const best = result.rows[0];
  const current = result.rows.find((row) => row.current);
  if (best !== undefined && current !== undefined && !best.current && best.savings[result.metric].value > 0) {
    const saved = best.savings;
    const phrases = equivalents(saved, { only: ['petrol-car-km', 'smartphone-charges'] }).map((equivalent) => formatEquivalent(equivalent, { locale }));
    lines.push('');
    lines.push(`Moving from ${current.label} to ${best.label} saves ${FORMATTERS[result.metric](saved[result.metric].value, { locale })} `
      + `(${change(best.savingsFraction).replace('saves ', '')}) for this work: ≈ ${phrases.join(' · ')}.`);
  }
  const warned = result.rows.filter((row) => row.warnings.length > 0);
  if (warned.length > 0) {
    lines.push('');
    lines.push('Warnings (--json has their messages)');
    for (const row of warned) lines.push(`  ${row.label}: ${row.warnings.map((warning) => warning.code).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `wattlens compare`: the same workload on several candidates, ranked. */
export const compareCommand: CliCommand = async (args, io) => {
  const { values } = parseFlags(args, {
    models: { type: 'string' },
    'input-tokens': { type: 'string' },
    'output-tokens': { type: 'string' },
    requests: { type: 'string' },
    latency: { type: 'string' },
    zone: { type: 'string' },
    metric: { type: 'string' },
    current: { type: 'string' },
    methodology: { type: 'string' },
    locale: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(COMPARE_HELP);
    return 0;
  }
  const specs = listFlag('models', requiredFlag('models', values.models)) ?? [];
  let candidates: CompareCandidate[];
  try {
    candidates = specs.map(parseCandidate);
  } catch (error) {
    if (WattLensError.isInstance(error)) throw new UsageError(`--models: ${error.message}`);
    throw error;
  }
  const inputTokens = integerFlag('input-tokens', values['input-tokens']);
  const outputTokens = integerFlag('output-tokens', values['output-tokens']);
  const requests = integerFlag('requests', values.requests);
  const latency = numberFlag('latency', values.latency);
  const metric = choiceFlag('metric', values.metric, METRICS);
  const methodology = choiceFlag('methodology', values.methodology, ['wattlens', 'ecologits'] as const);
  const locale = choiceFlag('locale', values.locale, ['en', 'fr'] as const) ?? 'en';
  const workload: UniformWorkload = {
    ...(inputTokens === undefined ? {} : { inputTokens }),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(requests === undefined ? {} : { requests }),
    ...(latency === undefined ? {} : { latencyMs: latency * 1000 }),
  };
  const options: CompareOptions = {
    ...(metric === undefined ? {} : { metric }),
    ...(values.current === undefined ? {} : { current: values.current }),
    ...(values.zone === undefined ? {} : { zone: values.zone }),
    ...(methodology === undefined ? {} : { methodology }),
  };
  let result: Comparison;
  try {
    result = compare(workload, candidates, options);
  } catch (error) {
    if (WattLensError.isInstance(error)) throw new UsageError(error.message);
    throw error;
  }
  // JSON has no Infinity: a ratio to a best of zero is written as null.
  io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : render(result, workload, locale));
  return 0;
};
