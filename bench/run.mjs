// Runs every benchmark, one after the other, and writes bench/results/latest.json (every figure,
// with the command that measured it and the machine it ran on) and bench/results/latest.md (the
// tables docs/performance.md shows). Builds the packages first, so that the figures are those of
// the sources in the tree.
// Run (from the repository root): node bench/run.mjs [--skip-build] [--quick] [--render]
//   --skip-build  use the packages as built
//   --quick       skip the runs with realistic simulator latency, fewer cold-import runs
//   --render      run nothing: write latest.md again from latest.json
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');

function pnpm(args) {
  execFileSync(process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm', args, { cwd: root, stdio: 'inherit' });
}


/** Every benchmark: its name, the command (as documented, from the repository root) and where it runs. */
const BENCHMARKS = [
  { name: 'estimate', command: ['node', 'bench/estimate.mjs', '--json'] },
  { name: 'openai-overhead', command: ['node', 'bench/openai-overhead.mjs', '--json', ...(quick ? ['--skip-realistic'] : [])] },
  { name: 'mistral-overhead', command: ['node', 'bench/mistral-overhead.mjs', '--json'] },
  ...(quick ? [] : [{ name: 'mistral-overhead-realistic', command: ['node', 'bench/mistral-overhead.mjs', '--realistic', '--json'] }]),
  { name: 'huggingface-overhead', command: ['node', 'bench/huggingface-overhead.mjs', '--json'] },
  ...(quick ? [] : [{ name: 'huggingface-overhead-realistic', command: ['node', 'bench/huggingface-overhead.mjs', '--realistic', '--json'] }]),
  { name: 'cpu-breakdown', command: ['node', 'bench/cpu-breakdown.mjs', '--json'] },
  { name: 'chunk-restore', command: ['node', 'bench/chunk-restore.mjs', '--json'] },
  { name: 'cold-import', command: ['node', 'bench/cold-import.mjs', '--json', '--runs', quick ? '5' : '15'] },
  { name: 'meter-memory', command: ['node', '--expose-gc', 'bench/meter-memory.mjs', '--json'] },
  { name: 'load', command: ['pnpm', '--silent', '--filter', '@wattlens/robustness-tests', 'load', '10000', '500'] },
];

function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

function gitCommit() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}

/** Runs every benchmark; returns the summary written to latest.json. */
function runAll() {
  if (!process.argv.includes('--skip-build')) pnpm(['-r', '--filter', './packages/**', 'build']);
  const started = new Date();
  const before = machine();
  const results = [];
  for (const benchmark of BENCHMARKS) {
    process.stderr.write(`\n▶ ${benchmark.command.join(' ')}\n`);
    const [program, ...args] = benchmark.command;
    const start = process.hrtime.bigint();
    const run = spawnSync(program === 'node' ? process.execPath : program, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    let result;
    try {
      result = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
    } catch {
      result = undefined;
    }
    if (run.status !== 0 || result === undefined) {
      process.stderr.write(`✗ ${benchmark.name} failed (exit code ${run.status}); its output:\n${run.stdout.slice(-2000)}\n`);
      process.exitCode = 1;
    }
    results.push({ name: benchmark.name, command: benchmark.command.join(' '), seconds: Number(seconds.toFixed(1)), ok: run.status === 0 && result !== undefined, result });
  }
  return {
    date: started.toISOString(),
    commit: gitCommit(),
    command: `node bench/run.mjs${quick ? ' --quick' : ''}`,
    machine: { ...before, loadAverageAfter: machine().loadAverage },
    benchmarks: results,
  };
}

// --- Markdown --------------------------------------------------------------------------------

const fixed = (value, digits = 1) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–');
const signed = (value, digits = 1) => (typeof value === 'number' && Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : '–');
const thousands = (value) => (typeof value === 'number' ? Math.round(value).toLocaleString('en-US') : '–');
const mib = (bytes) => (typeof bytes === 'number' ? `${(bytes / 2 ** 20).toFixed(2)} MiB` : '–');

/** A call that waits for a model (realistic latency, over 100 ms): its CPU figure is noise, the process idles. */
function cpuCell(row, setting) {
  return setting === 'realistic' && row.rawWallMs > 100 ? '(idle waits)' : `${signed(row.addedCpuUs)} µs`;
}

function overheadRows(adapter, entry, setting) {
  if (entry?.result === undefined) return [];
  return entry.result.results.map((row) => `| ${adapter} | ${row.name.trim()} | ${setting} | ${fixed(row.rawWallMs, 2)} ms | ${fixed(row.wrappedWallMs, 2)} ms | ${signed(row.addedWallPercent)} % | ${cpuCell(row, setting)} |`);
}

/** The tables of latest.md. */
function render(summary) {
  const byName = Object.fromEntries(summary.benchmarks.map((entry) => [entry.name, entry]));
  const lines = [];
  const m = summary.machine;
  lines.push(`Measured ${summary.date.slice(0, 10)} at commit ${summary.commit} with \`${summary.command}\`, on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), Node ${m.node}, ${m.platform}; load average ${m.loadAverage.join(' ')} before, ${m.loadAverageAfter.join(' ')} after.`);
  lines.push('');
  lines.push('### Adapter overhead: wrapped against raw SDK calls');
  lines.push('');
  lines.push('| adapter | call | simulator latency | raw wall | wrapped wall | added wall | added CPU per call |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const group of byName['openai-overhead']?.result?.groups ?? []) {
    for (const row of group.results) lines.push(`| openai | ${row.name} | ${group.latency} | ${fixed(row.rawWallMs, 2)} ms | ${fixed(row.wrappedWallMs, 2)} ms | ${signed(row.addedWallPercent)} % | ${cpuCell(row, group.latency)} |`);
  }
  lines.push(...overheadRows('mistral', byName['mistral-overhead'], 'none'));
  lines.push(...overheadRows('mistral', byName['mistral-overhead-realistic'], 'realistic'));
  lines.push(...overheadRows('huggingface', byName['huggingface-overhead'], 'none'));
  lines.push(...overheadRows('huggingface', byName['huggingface-overhead-realistic'], 'realistic'));
  lines.push('');
  lines.push(`Commands: ${['openai-overhead', 'mistral-overhead', 'mistral-overhead-realistic', 'huggingface-overhead', 'huggingface-overhead-realistic'].filter((name) => byName[name] !== undefined).map((name) => `\`${byName[name].command}\``).join(', ')}.`);
  const core = byName['openai-overhead']?.result?.core;
  if (core !== undefined) lines.push(`Core's instrumentation alone, per request without network, in a tight loop: \`trackRequest()\` + \`finish()\` with a meter and a hook ${fixed(core.trackAndFinishMicroseconds)} µs; \`estimate()\` alone ${fixed(core.estimateMicroseconds)} µs (timed apart, with a request object of its own shape: \`finish()\` builds one shape for every request, which the estimate's code is tuned to by then).`);
  lines.push('');
  const breakdown = byName['cpu-breakdown']?.result;
  if (breakdown !== undefined) {
    lines.push('### Where the added CPU goes (OpenAI chat, without network and over HTTP)');
    lines.push('');
    lines.push('| configuration | CPU per call | added | allocated per call | of which by WattLens |');
    lines.push('|---|---|---|---|---|');
    const kib = (bytes) => (bytes === undefined ? '–' : `${fixed(bytes / 1024)} KiB`);
    for (const row of breakdown.calls) {
      lines.push(`| ${row.configuration} | ${fixed(row.cpuMicrosecondsPerCall)} µs | ${row.addedMicroseconds === null ? '–' : `${signed(row.addedMicroseconds)} µs`} | ${kib(row.bytesPerCall)} | ${kib(row.wattlensBytesPerCall)} |`);
    }
    if (breakdown.overHttp !== undefined) {
      lines.push('');
      lines.push(`Over HTTP (simulator latency \`none\`, raw call ${fixed(breakdown.overHttp[0]?.rawCpuMicroseconds, 0)} µs of CPU), in steady state, each configuration paired call by call with the raw client:`);
      lines.push('');
      lines.push('| configuration | added CPU per call (median of three turns) | the three turns |');
      lines.push('|---|---|---|');
      for (const row of breakdown.overHttp) lines.push(`| ${row.configuration} | ${signed(row.addedMicroseconds)} µs | ${row.turns.map((value) => `${signed(value)}`).join(', ')} µs |`);
    }
    lines.push('');
    lines.push('| `estimate()` alone | right after an SDK call | the same again at once | in a tight loop |');
    lines.push('|---|---|---|---|');
    // Runs written before the middle column was measured have none.
    for (const row of breakdown.estimates) lines.push(`| ${row.methodology} | ${fixed(row.inPlaceMicroseconds, 2)} µs | ${row.againMicroseconds === undefined ? '–' : `${fixed(row.againMicroseconds, 2)} µs`} | ${fixed(row.tightLoopMicroseconds, 2)} µs |`);
    lines.push('');
    lines.push(`Command: \`${byName['cpu-breakdown'].command}\`.`);
    lines.push('');
  }
  const restore = byName['chunk-restore']?.result?.results;
  if (restore !== undefined) {
    lines.push('### Restoring stream chunks (the `usage: null` key that `include_usage` adds)');
    lines.push('');
    lines.push('| the consumer gets each chunk | CPU per 2,002-chunk stream | added per chunk | chunks keep fast properties |');
    lines.push('|---|---|---|---|');
    for (const row of restore) lines.push(`| ${row.name} | ${fixed(row.cpuUsPerStream / 1000, 2)} ms | ${signed(row.addedUsPerChunk, 2)} µs | ${row.fastProperties ? 'yes' : 'no'} |`);
    lines.push('');
    lines.push(`Command: \`${byName['chunk-restore'].command}\`.`);
    lines.push('');
  }
  lines.push('### Estimates per second');
  lines.push('');
  lines.push('| methodology | µs per estimate | estimates per second |');
  lines.push('|---|---|---|');
  for (const row of byName.estimate?.result?.results ?? []) lines.push(`| ${row.methodology} | ${fixed(row.microsecondsPerEstimate, 2)} | ${thousands(row.estimatesPerSecond)} |`);
  lines.push('');
  lines.push(`Command: \`${byName.estimate?.command}\`.`);
  lines.push('');
  lines.push('### Cold import time');
  lines.push('');
  lines.push('| package | median | fastest | heap added |');
  lines.push('|---|---|---|---|');
  for (const row of byName['cold-import']?.result?.results ?? []) lines.push(`| \`${row.specifier}\`${row.kind === 'sdk' ? ' (the SDK alone)' : ''} | ${fixed(row.medianMs)} ms | ${fixed(row.minMs)} ms | ${mib(row.heapAddedBytes)} |`);
  lines.push('');
  lines.push(`Command: \`${byName['cold-import']?.command}\` (each import in a fresh process, ${byName['cold-import']?.result?.runs ?? '?'} runs).`);
  lines.push('');
  lines.push('### Meter memory per million requests');
  lines.push('');
  lines.push('| tags | held after 1,000,000 requests | held after 100,000 | records per second |');
  lines.push('|---|---|---|---|');
  for (const row of byName['meter-memory']?.result?.results ?? []) lines.push(`| ${row.name} | ${mib(row.retainedBytes)} | ${mib(row.retainedBytesAt100k)} | ${thousands(row.recordsPerSecond)} (${fixed(row.microsecondsPerRecord, 2)} µs each) |`);
  lines.push('');
  lines.push(`Command: \`${byName['meter-memory']?.command}\`.`);
  const load = byName.load?.result;
  if (load !== undefined) {
    lines.push('');
    lines.push('### Load: 10,000 wrapped requests, 500 concurrent, three adapters');
    lines.push('');
    lines.push('| requests | concurrent | wall | requests per second | client CPU per request | peak RSS | peak heap | every request recorded once | exited on its own |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
    lines.push(`| ${thousands(load.requests)} | ${load.concurrency} | ${fixed(load.wallSeconds)} s | ${thousands(load.requestsPerSecond)} | ${fixed(load.clientCpuMsPerRequest, 2)} ms | ${fixed(load.peakRssMiB, 0)} MiB | ${fixed(load.peakHeapUsedMiB, 0)} MiB | ${load.recordedOnce ? 'yes' : 'no'} | ${load.exitedOnItsOwn ? 'yes' : 'no'} |`);
    lines.push('');
    lines.push(`Command: \`${byName.load.command}\` (the client process runs the TypeScript sources under tsx, whose loader is part of its memory).`);
  }

  return `${lines.join('\n')}\n`;
}

const directory = join(root, 'bench', 'results');
if (process.argv.includes('--render')) {
  writeFileSync(join(directory, 'latest.md'), render(JSON.parse(readFileSync(join(directory, 'latest.json'), 'utf8'))));
  process.stderr.write('Wrote bench/results/latest.md from bench/results/latest.json.\n');
} else {
  const summary = runAll();
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(directory, 'latest.md'), render(summary));
  const ran = summary.benchmarks.filter((entry) => entry.ok).length;
  process.stderr.write(`\nWrote bench/results/latest.json and bench/results/latest.md (${ran} of ${summary.benchmarks.length} benchmarks ran).\n`);
}
