// The load run's child process: N wrapped requests at C concurrent, across the three adapters
// (stream and non-stream) against a simulator started by the parent, into one meter and one
// ledger. It prints one `LOAD-RESULT {json}` line and then returns without calling
// process.exit(): the parent checks that it exits on its own (no handle or listener left behind).
// Run by run-load.ts as `node --conditions=wattlens-source --import tsx load-run.ts CONFIG_JSON`.
import { InferenceClient } from '@huggingface/inference';
import { HTTPClient, Mistral } from '@mistralai/mistralai';
import { getImpact, getStreamImpact, loadTokenizer, Meter, type ImpactReport } from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import { withImpact as withHuggingFaceImpact } from '@wattlens/huggingface';
import { withImpact as withMistralImpact } from '@wattlens/mistral';
import { withImpact as withOpenAIImpact } from '@wattlens/openai';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import OpenAI from 'openai';
import type { LoadConfig, LoadResult, MetricSums } from './load-types';
import { addReport, emptySums, LOAD_ADAPTERS, loadPlan } from './load-types';

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;

/** Process listeners that a leak would show up in. */
const WATCHED_EVENTS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection', 'warning'] as const;
const listenersBefore = Object.fromEntries(WATCHED_EVENTS.map((event) => [event, process.listenerCount(event)]));

const warnings: string[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(warning.name);
};
process.on('warning', onWarning);

let peakRss = process.memoryUsage.rss();
let peakHeapUsed = process.memoryUsage().heapUsed;
function sampleMemory(): void {
  const usage = process.memoryUsage();
  if (usage.rss > peakRss) peakRss = usage.rss;
  if (usage.heapUsed > peakHeapUsed) peakHeapUsed = usage.heapUsed;
}
const sampler = setInterval(sampleMemory, 20);
sampler.unref();

const meter = new Meter();
const ledgerErrors: string[] = [];
const ledger = new Ledger(config.ledgerPath, { onError: (error) => ledgerErrors.push(`${error.reason}:${error.records}`) });
ledger.attach(meter);

let hookCalls = 0;
const hookReports = new WeakSet<ImpactReport>();
const onImpact = (report: ImpactReport): void => {
  hookCalls += 1;
  hookReports.add(report);
};

// With 500 requests in flight, this process is CPU-bound: a batch of responses arriving together
// keeps its event loop busy for a couple of seconds (500 × a few ms of SDK work). Meanwhile the
// simulator (Node's default 5 s keep-alive timeout) closes connections that have been idle that
// long, and fetch, its idle timer late, sends the next request on one of them: "other side
// closed", before the simulator has read a byte. Raw SDKs fail the same way (OpenAI's default
// retries hide it). The transport below retries exactly that failure, and only it, below the
// SDKs and WattLens, so every request reaches the simulator once: its request count, checked
// against the number of requests, proves that no retried request had been received.
let staleConnectionRetries = 0;
function isStaleConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return error instanceof TypeError && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET');
}
const transport: typeof fetch = async (input, init) => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fetch(input instanceof Request ? input.clone() : input, init);
    } catch (error) {
      if (attempt >= 3 || init?.signal?.aborted === true || !isStaleConnection(error)) throw error;
      staleConnectionRetries += 1;
    }
  }
};

const openai = withOpenAIImpact(new OpenAI({ baseURL: config.urls.openai, apiKey: 'sim', maxRetries: 0, fetch: transport }), { meter, onImpact, tags: { adapter: 'openai' } });
const mistral = withMistralImpact(new Mistral({ apiKey: 'sim', serverURL: config.urls.mistral, httpClient: new HTTPClient({ fetcher: transport }) }), { meter, onImpact, tags: { adapter: 'mistral' } });
const huggingface = withHuggingFaceImpact(new InferenceClient('hf_sim', { fetch: transport }), { meter, onImpact, tags: { adapter: 'huggingface' } });

// The Mistral and Hugging Face adapters start loading gpt-tokenizer when a client is wrapped
// (to count what a provider does not report). Wait for it, as a running application would have
// by the time it is busy: its first import blocks the event loop for about 0.16 s on the
// benchmark machine (more under tsx's loader), which would add to the delays described above.
await loadTokenizer();

const messages = [{ role: 'user' as const, content: 'How much water does a data center use per kilowatt-hour?' }];
const sums: MetricSums = emptySums();
const byAdapter = Object.fromEntries(LOAD_ADAPTERS.flatMap((adapter) => [[`${adapter}`, 0], [`${adapter}-stream`, 0]])) as Record<string, number>;
let reportsSeen = 0;
let reportsNotFromHook = 0;
let missingReports = 0;
const failures: string[] = [];

/** An error's class and message, and its causes' (a transport error hides its code two causes down). */
function describeError(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const own = `${error.name}${typeof code === 'string' ? ` (${code})` : ''}: ${error.message}`;
  return depth < 4 && error.cause !== undefined ? `${own} <- ${describeError(error.cause, depth + 1)}` : own;
}

async function drain<Item>(stream: AsyncIterable<Item>): Promise<number> {
  let count = 0;
  for await (const _item of stream) count += 1;
  return count;
}

/** Sends request `index` of the plan and returns its report (the one the caller's result carries). */
async function send(index: number): Promise<ImpactReport | undefined> {
  const { adapter, streamed, outputTokens, model } = loadPlan(index);
  const headers = { 'x-sim-output-tokens': String(outputTokens) };
  byAdapter[streamed ? `${adapter}-stream` : adapter] = (byAdapter[streamed ? `${adapter}-stream` : adapter] ?? 0) + 1;
  switch (adapter) {
    case 'openai': {
      if (!streamed) return getImpact(await openai.chat.completions.create({ model, messages }, { headers }));
      const stream = await openai.chat.completions.create({ model, messages, stream: true }, { headers });
      await drain(stream);
      return await getStreamImpact(stream);
    }
    case 'mistral': {
      if (!streamed) return getImpact(await mistral.chat.complete({ model, messages }, { headers }));
      const stream = await mistral.chat.stream({ model, messages }, { headers });
      await drain(stream);
      return await getStreamImpact(stream);
    }
    case 'huggingface': {
      const endpointUrl = `${config.urls.huggingface}/x-sim-output-tokens=${outputTokens}/endpoints/tgi`;
      if (!streamed) return getImpact(await huggingface.chatCompletion({ endpointUrl, model, messages }));
      const stream = huggingface.chatCompletionStream({ endpointUrl, model, messages });
      await drain(stream);
      return await getStreamImpact(stream);
    }
  }
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const startedAt = performance.now();
const cpuBefore = process.cpuUsage();
let next = 0;
async function worker(): Promise<void> {
  while (next < config.requests) {
    const index = next;
    next += 1;
    try {
      const report = await send(index);
      if (report === undefined) {
        missingReports += 1;
      } else {
        reportsSeen += 1;
        if (!hookReports.has(report)) reportsNotFromHook += 1;
        addReport(sums, report);
      }
    } catch (error) {
      if (failures.length < 5) failures.push(`${index}: ${describeError(error)}`);
      else failures.push(String(index));
    }
    if (index % 100 === 0) sampleMemory();
  }
}
await Promise.all(Array.from({ length: config.concurrency }, () => worker()));
const wallMs = performance.now() - startedAt;
const cpu = process.cpuUsage(cpuBefore);
loopDelay.disable();
sampleMemory();

const snapshot = meter.snapshot();
const meterListenersWhileAttached = meter.listenerCount('impact-recorded');
await ledger.close();
clearInterval(sampler);
process.off('warning', onWarning);

// What still keeps the event loop alive once everything is closed (idle keep-alive sockets of
// fetch are unreferenced by undici, so they do not count); checked after a macrotask so that
// closed handles are gone.
await new Promise((resolve) => setImmediate(resolve));
const activeResources = process.getActiveResourcesInfo().filter((resource) => resource !== 'PipeWrap' && resource !== 'TTYWrap');
const listenersAfter = Object.fromEntries(WATCHED_EVENTS.map((event) => [event, process.listenerCount(event)]));

const result: LoadResult = {
  requests: config.requests,
  concurrency: config.concurrency,
  byAdapter,
  reportsSeen,
  missingReports,
  reportsNotFromHook,
  hookCalls,
  failures,
  sums,
  totals: snapshot.totals,
  meterListenersWhileAttached,
  meterListenersAfterClose: meter.listenerCount('impact-recorded'),
  ledgerErrors,
  warnings,
  activeResources,
  listenersBefore,
  listenersAfter,
  peakRssBytes: peakRss,
  peakHeapUsedBytes: peakHeapUsed,
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  staleConnectionRetries,
  eventLoopDelayMaxMs: loopDelay.max / 1e6,
};
process.stdout.write(`LOAD-RESULT ${JSON.stringify(result)}\n`);
