// Shared by the adapter overhead benchmarks: runs the provider simulator in a child process (so
// that this process's CPU time is the SDK's and the adapter's only) and compares a raw call with
// a wrapped one, interleaved, in rounds.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Starts @wattlens/provider-sim (built) in a child process.
 *
 * @param {{ latency?: 'none' | 'realistic' }} [options]
 * @returns {Promise<{ urls: { openai: string, mistral: string, huggingface: string }, close: () => Promise<void> }>}
 */
export async function startSimProcess({ latency = 'none' } = {}) {
  const script = `
    import { startProviderSim } from '@wattlens/provider-sim';
    const sim = await startProviderSim({ latency: ${JSON.stringify(latency)} });
    process.stdout.write(JSON.stringify(sim.urls) + '\\n');
    process.stdin.on('end', () => sim.close().then(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: here, stdio: ['pipe', 'pipe', 'inherit'] });
  const urls = await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (data) => {
      buffered += data;
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n')) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`The simulator exited with code ${code} (build it first: pnpm --filter @wattlens/provider-sim build).`)));
  });
  return {
    urls,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/**
 * Warm-up pairs before a non-stream comparison against an instant simulator. The JIT, the SDK's
 * and undici's included, settles only after thousands of HTTP calls: measured in rounds of 1,000
 * pairs of OpenAI chat calls (a meter, no hook), the added CPU went from +112 µs in the first
 * round to +40 µs by the fourth and +19 to +30 µs from the eighth on, and the raw call's own CPU
 * from 1.7 ms to 0.8–1.1 ms. An application that makes enough calls for their CPU to matter runs
 * in that steady state.
 */
export const STEADY_WARMUP = 12_000;

/** Wall time (ms) and CPU time of this process (µs) of one call of `run`. */
async function measureOne(run) {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run();
  const wallNs = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: wallNs / 1e6, cpuUs: cpu.user + cpu.system };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Mean of the values between the 10th and the 90th percentile: robust to outliers, GC pauses still counted. */
function trimmedMean(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length / 10);
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((sum, value) => sum + value, 0) / kept.length;
}

/**
 * Compares `raw` and `wrapped` (each one request, awaited to its end) call by call: each pair of
 * calls runs back to back, in alternating order, and the overhead is the trimmed mean of the
 * pairs' differences, which cancels most of the noise of a shared machine.
 */
export async function compare(name, { raw, wrapped, count, rounds = 15, warmup = 20 }) {
  for (let index = 0; index < warmup; index += 1) {
    await raw();
    await wrapped();
  }
  const pairs = [];
  for (let index = 0; index < count * rounds; index += 1) {
    if (index % 2 === 0) {
      const rawRun = await measureOne(raw);
      pairs.push({ raw: rawRun, wrapped: await measureOne(wrapped) });
    } else {
      const wrappedRun = await measureOne(wrapped);
      pairs.push({ raw: await measureOne(raw), wrapped: wrappedRun });
    }
  }
  const rawWall = median(pairs.map((pair) => pair.raw.wallMs));
  const rawCpu = median(pairs.map((pair) => pair.raw.cpuUs));
  const addedWallMs = trimmedMean(pairs.map((pair) => pair.wrapped.wallMs - pair.raw.wallMs));
  const addedCpuUs = trimmedMean(pairs.map((pair) => pair.wrapped.cpuUs - pair.raw.cpuUs));
  return {
    name,
    callsPerVariant: count * rounds,
    rawWallMs: rawWall,
    wrappedWallMs: rawWall + addedWallMs,
    addedWallPercent: (addedWallMs / rawWall) * 100,
    rawCpuUs: rawCpu,
    wrappedCpuUs: rawCpu + addedCpuUs,
    addedCpuUs,
  };
}

/** Prints results as a table, or as JSON with --json. */
export function report(benchmark, results, latency = 'none') {
  const summary = { benchmark, latency, node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, results };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(summary, null, 2));
    return summary;
  }
  console.log(`${benchmark} on Node ${summary.node}, ${summary.cpu} (${summary.cores} cores); simulator in a child process, latency ${latency}`);
  for (const result of results) {
    console.log(
      `  ${result.name.padEnd(34)} raw ${result.rawWallMs.toFixed(3)} ms, wrapped ${result.wrappedWallMs.toFixed(3)} ms (${result.addedWallPercent >= 0 ? '+' : ''}${result.addedWallPercent.toFixed(2)} % wall); ` +
        `CPU ${result.rawCpuUs.toFixed(0)} → ${result.wrappedCpuUs.toFixed(0)} µs (${result.addedCpuUs >= 0 ? '+' : ''}${result.addedCpuUs.toFixed(1)} µs per call)`,
    );
  }
  return summary;
}

// Canned OpenAI answers: the chat completion JSON and the 2,000-chunk SSE the simulator sends for
// gpt-4o-mini (chunks padded with `obfuscation`, as OpenAI's are), handed to the SDK through its
// `fetch` option so that no network is involved.
const header = { id: 'chatcmpl-canned', object: 'chat.completion.chunk', created: 1767225600, model: 'gpt-4o-mini', system_fingerprint: 'fp_canned' };
const completion = JSON.stringify({
  ...header,
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content: 'word '.repeat(64).trim(), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 20, completion_tokens: 64, total_tokens: 84, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
});
// Each chunk ends as OpenAI's do: `usage` (with include_usage), then the `obfuscation` padding.
const padding = (index) => 'q7Xk2LmP9sWd4Rt'.slice(0, 1 + (index % 15));
const events = (withUsage) => {
  const usageField = withUsage ? { usage: null } : {};
  const lines = [{ ...header, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], ...usageField, obfuscation: padding(0) }];
  for (let index = 0; index < 2000; index += 1) lines.push({ ...header, choices: [{ index: 0, delta: { content: ' word' }, logprobs: null, finish_reason: null }], ...usageField, obfuscation: padding(index + 1) });
  lines.push({ ...header, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], ...usageField, obfuscation: padding(2001) });
  if (withUsage) lines.push({ ...header, choices: [], usage: { prompt_tokens: 20, completion_tokens: 2000, total_tokens: 2020 }, obfuscation: padding(2002) });
  return new TextEncoder().encode(`${lines.map((line) => `data: ${JSON.stringify(line)}\n\n`).join('')}data: [DONE]\n\n`);
};
const plainEvents = events(false);
const usageEvents = events(true);
const cannedFetch = async (_url, init) => {
  const body = String(init?.body ?? '');
  if (!body.includes('"stream":true')) return new Response(completion, { headers: { 'content-type': 'application/json', 'x-request-id': 'req_canned' } });
  const bytes = body.includes('"include_usage":true') ? usageEvents : plainEvents;
  let offset = 0;
  // Delivered in 16 KiB reads, as a socket would.
  const stream = new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 16_384));
      offset += 16_384;
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_canned' } });
};

/**
 * Options for `new OpenAI(…)` whose requests never leave the process: the SDK gets canned
 * responses (a 64-token chat completion; a 2,000-chunk stream, with a usage chunk when asked)
 * through its `fetch` option.
 *
 * @returns {{ baseURL: string, apiKey: string, maxRetries: number, fetch: typeof fetch }}
 */
export function cannedOpenAIOptions() {
  return { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'canned', maxRetries: 0, fetch: cannedFetch };
}
