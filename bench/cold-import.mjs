// Cold import time of each WattLens package (the built ESM entry, as an application loads it)
// and, for comparison, of the SDKs the adapters wrap: each import in a fresh Node process, timed
// from inside it (performance.now() around `await import()`), the median of the runs. One
// untimed run per package first, so that every run reads files from the OS cache. Needs the
// built packages (pnpm -r --filter './packages/**' build).
// Run: node bench/cold-import.mjs [--json] [--runs N]
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const runs = Number(argument('--runs') ?? 15);

/** What is imported: every published entry point, then the SDKs alone. */
const SPECIFIERS = [
  { specifier: '@wattlens/core', kind: 'wattlens' },
  { specifier: '@wattlens/core/ledger', kind: 'wattlens' },
  { specifier: '@wattlens/openai', kind: 'wattlens' },
  { specifier: '@wattlens/mistral', kind: 'wattlens' },
  { specifier: '@wattlens/huggingface', kind: 'wattlens' },
  { specifier: '@wattlens/provider-sim', kind: 'wattlens' },
  { specifier: '@wattlens/dashboard', kind: 'wattlens' },
  { specifier: '@wattlens/opentelemetry', kind: 'wattlens' },
  { specifier: 'wattlens', kind: 'wattlens' },
  { specifier: 'openai', kind: 'sdk' },
  { specifier: '@mistralai/mistralai', kind: 'sdk' },
  { specifier: '@huggingface/inference', kind: 'sdk' },
];

/** One import in a fresh process: milliseconds spent in `await import()`, and the heap it left. */
function importOnce(specifier) {
  const script = `
    const start = performance.now();
    await import(${JSON.stringify(specifier)});
    const milliseconds = performance.now() - start;
    process.stdout.write(JSON.stringify({ milliseconds, heapUsedBytes: process.memoryUsage().heapUsed }));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: here, encoding: 'utf8' });
  return JSON.parse(output);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const baseline = median(Array.from({ length: runs }, () => importOnce('node:os').heapUsedBytes));
const results = SPECIFIERS.map(({ specifier, kind }) => {
  importOnce(specifier);
  const samples = Array.from({ length: runs }, () => importOnce(specifier));
  return {
    specifier,
    kind,
    medianMs: median(samples.map((sample) => sample.milliseconds)),
    minMs: Math.min(...samples.map((sample) => sample.milliseconds)),
    heapAddedBytes: median(samples.map((sample) => sample.heapUsedBytes)) - baseline,
  };
});

const summary = {
  benchmark: 'cold import',
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  runs,
  results,
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(`Cold import on Node ${summary.node}, ${summary.cpu} (${summary.cores} cores), median of ${runs} fresh processes`);
  for (const result of results) {
    console.log(`  ${result.specifier.padEnd(26)} ${result.medianMs.toFixed(1).padStart(7)} ms (min ${result.minMs.toFixed(1)} ms), heap +${(result.heapAddedBytes / 2 ** 20).toFixed(1)} MiB${result.kind === 'sdk' ? '  (the SDK alone)' : ''}`);
  }
}
