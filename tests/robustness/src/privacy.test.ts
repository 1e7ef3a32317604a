// Privacy: canary strings in prompts, system messages, tool arguments (sent and generated) and
// completions (structured output the simulator fills with them), through the three adapters, with
// a meter, a ledger, a dashboard subscribed to the meter and captured console output. The
// canaries reach the caller, as they should, and appear nowhere else: no report, hook context,
// event payload, ledger line, dashboard response or console line.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getImpact, getStreamImpact, loadTokenizer, Meter, type MeterEvents } from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import { startDashboard } from '@wattlens/dashboard';
import { withImpact as withHuggingFaceImpact } from '@wattlens/huggingface';
import { withImpact as withOpenAIImpact } from '@wattlens/openai';
import { startProviderSim } from '@wattlens/provider-sim';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adapterClients } from './internal/adapter-clients';
import { openRawEvents } from './internal/read-events';

/** Every canary contains this word, one simulator token long, so that even a single streamed chunk of one is caught. */
const MARK = 'CANARY';
const canary = {
  prompt: `${MARK}-prompt-5e1d`,
  system: `${MARK}-system-77ab`,
  toolArguments: `${MARK}-toolargs-c0de`,
  toolResult: `${MARK}-toolresult-9f21`,
  generatedArguments: `${MARK}-generated-args-4b4b`,
  completion: `${MARK}-completion-e3e3`,
};

let directory: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

async function drain(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const chunks: unknown[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('privacy', () => {
  it('keeps every canary out of reports, events, the ledger, the dashboard and the console', async () => {
    await loadTokenizer();
    directory = await mkdtemp(join(tmpdir(), 'wattlens-privacy-'));
    const consoleLines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args.map((argument) => (argument instanceof Error ? `${argument.name}: ${argument.message}\n${argument.stack}` : String(argument))).join(' '));
      });
    }
    const sim = await startProviderSim({ seed: 21 });
    const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'energy', limit: 1e-9, window: 'day' }] });
    const events: unknown[] = [];
    for (const event of ['impact-recorded', 'budget-warning', 'budget-exceeded', 'listener-error'] as const satisfies readonly (keyof MeterEvents)[]) {
      meter.on(event, (payload) => events.push({ event, payload, error: 'error' in payload ? String(payload.error) : undefined }));
    }
    const ledgerPath = join(directory, 'impact.jsonl');
    const ledger = new Ledger(ledgerPath);
    ledger.attach(meter);
    // A second ledger on a full disk, without onError: its console warning is checked too.
    const fullDisk = new Ledger('/dev/full');
    fullDisk.attach(meter);
    const dashboard = await startDashboard({ meter, updateIntervalMs: 10 });
    const stream = await openRawEvents(dashboard.url);
    const clients = adapterClients(sim, { meter, tags: { feature: 'privacy' } });
    const { wrapped } = clients;
    const seenByCaller: unknown[] = [];

    try {
      // OpenAI: system, user, an assistant tool call and its result; then generated tool
      // arguments and a structured completion, as JSON and as a stream; embeddings; a refused request.
      const openaiMessages = [
        { role: 'system' as const, content: `You are ${canary.system}` },
        { role: 'user' as const, content: `Remember ${canary.prompt}` },
        { role: 'assistant' as const, content: null, tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'store', arguments: JSON.stringify({ note: canary.toolArguments }) } }] },
        { role: 'tool' as const, tool_call_id: 'call_1', content: canary.toolResult },
        { role: 'user' as const, content: `Now say ${canary.prompt}` },
      ];
      const tools = [{ type: 'function' as const, function: { name: 'store', parameters: { type: 'object', properties: { note: { const: canary.generatedArguments } }, required: ['note'] } } }];
      const secretFormat = { type: 'json_schema' as const, json_schema: { name: 'secret', strict: true, schema: { type: 'object', properties: { secret: { const: canary.completion } }, required: ['secret'], additionalProperties: false } } };
      seenByCaller.push(await wrapped.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: openaiMessages }));
      seenByCaller.push(await wrapped.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: openaiMessages.slice(0, 2), tools, tool_choice: 'required' }));
      seenByCaller.push(await wrapped.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: openaiMessages.slice(0, 2), response_format: secretFormat }));
      const openaiStream = await wrapped.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: openaiMessages.slice(0, 2), response_format: secretFormat, stream: true });
      seenByCaller.push(await drain(openaiStream), await getStreamImpact(openaiStream));
      const cut = await wrapped.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: openaiMessages.slice(0, 2), response_format: secretFormat, stream: true }, { headers: { 'x-sim-fault': 'cut-after:6' } });
      seenByCaller.push(await drain(cut).catch((error: unknown) => String(error)), await getStreamImpact(cut));
      seenByCaller.push(await wrapped.openai.embeddings.create({ model: 'text-embedding-3-small', input: canary.prompt }));
      seenByCaller.push(await wrapped.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: openaiMessages }, { headers: { 'x-sim-fault': 'status:400' } }).catch((error: unknown) => String(error)));

      // Mistral: the same, in its SDK's spelling.
      const mistralMessages = [
        { role: 'system' as const, content: `You are ${canary.system}` },
        { role: 'user' as const, content: `Remember ${canary.prompt}` },
        { role: 'assistant' as const, content: '', toolCalls: [{ id: 'abcdefghi', type: 'function' as const, function: { name: 'store', arguments: JSON.stringify({ note: canary.toolArguments }) } }] },
        { role: 'tool' as const, toolCallId: 'abcdefghi', name: 'store', content: canary.toolResult },
      ];
      const mistralFormat = { type: 'json_schema' as const, jsonSchema: { name: 'secret', strict: true, schemaDefinition: secretFormat.json_schema.schema } };
      seenByCaller.push(await wrapped.mistral.chat.complete({ model: 'mistral-small-latest', messages: mistralMessages }));
      seenByCaller.push(await wrapped.mistral.chat.complete({ model: 'mistral-small-latest', messages: mistralMessages.slice(0, 2), tools, toolChoice: 'any' }));
      seenByCaller.push(await wrapped.mistral.chat.complete({ model: 'mistral-small-latest', messages: mistralMessages.slice(0, 2), responseFormat: mistralFormat }));
      const mistralStream = await wrapped.mistral.chat.stream({ model: 'mistral-small-latest', messages: mistralMessages.slice(0, 2), responseFormat: mistralFormat });
      seenByCaller.push(await drain(mistralStream), await getStreamImpact(mistralStream));
      seenByCaller.push(await wrapped.mistral.embeddings.create({ model: 'mistral-embed', inputs: [canary.prompt] }));
      seenByCaller.push(await wrapped.mistral.fim.complete({ model: 'codestral-latest', prompt: canary.prompt, suffix: canary.system }));

      // Hugging Face: chat (OpenAI format) through a provider, its stream, text generation, features.
      const hfChat = { provider: 'together' as const, model: 'meta-llama/Llama-3.1-8B-Instruct', messages: openaiMessages as never };
      seenByCaller.push(await wrapped.huggingface.chatCompletion(hfChat));
      seenByCaller.push(await wrapped.huggingface.chatCompletion({ ...hfChat, messages: openaiMessages.slice(0, 2), tools, tool_choice: 'required' } as never));
      seenByCaller.push(await wrapped.huggingface.chatCompletion({ ...hfChat, messages: openaiMessages.slice(0, 2), response_format: secretFormat } as never));
      const hfStream = wrapped.huggingface.chatCompletionStream({ ...hfChat, messages: openaiMessages.slice(0, 2), response_format: secretFormat } as never);
      seenByCaller.push(await drain(hfStream), await getStreamImpact(hfStream));
      seenByCaller.push(await wrapped.huggingface.textGeneration({ endpointUrl: `${sim.urls.huggingface}/endpoints/tgi`, inputs: canary.prompt }));
      seenByCaller.push(await wrapped.huggingface.featureExtraction({ provider: 'hf-inference', model: 'sentence-transformers/all-MiniLM-L6-v2', inputs: canary.prompt }));

      // A client without a meter whose hook throws: its failure goes to the console (class name only).
      const unmetered = withOpenAIImpact(clients.raw.openai, { onImpact: () => {
        throw new Error(`hook saw ${canary.prompt}`);
      } });
      seenByCaller.push(await unmetered.chat.completions.create({ model: 'gpt-4o-mini', messages: openaiMessages }));
      const unmeteredHf = withHuggingFaceImpact(clients.raw.huggingface, { onImpact: async () => Promise.reject(new Error(canary.prompt)) });
      seenByCaller.push(await unmeteredHf.chatCompletion(hfChat));

      await ledger.flush();
      await fullDisk.flush();
      const requests = clients.recorded.length;
      await stream.until((text) => text.split('event: impact-recorded\n').length - 1 >= requests);
      const snapshot = await (await fetch(new URL('/api/snapshot', dashboard.url))).text();
      const page = await (await fetch(dashboard.url)).text();

      // The canaries did reach the caller (so the test can fail): prompt-side ones only in what the
      // caller sent, completion-side ones in what came back.
      const callerText = JSON.stringify(seenByCaller);
      expect(callerText).toContain(canary.completion);
      expect(callerText).toContain(canary.generatedArguments);
      expect(requests).toBeGreaterThanOrEqual(18);

      const reports = [
        ...clients.recorded,
        ...seenByCaller.map((value) => (typeof value === 'object' && value !== null ? getImpact(value) : undefined)),
      ];
      const everything = {
        reports: JSON.stringify(reports),
        events: JSON.stringify(events),
        ledger: await readFile(ledgerPath, 'utf8'),
        dashboardEvents: stream.text(),
        dashboardSnapshot: snapshot,
        dashboardPage: page,
        meterSnapshot: JSON.stringify(meter.snapshot()),
        console: consoleLines.join('\n'),
      };
      // Each place holds what it should: records, events, the dashboard's feed and the warnings.
      expect(everything.ledger.trim().split('\n')).toHaveLength(requests);
      expect(everything.dashboardEvents).toContain('gpt-4o-mini');
      expect(everything.console).toMatch(/\[wattlens\] A on-impact hook failed \(Error\)/);
      expect(everything.console).toMatch(/\/dev\/full \(ENOSPC\)/);
      for (const [place, text] of Object.entries(everything)) {
        expect(text.includes(MARK), `${MARK} found in ${place}: …${text.slice(Math.max(0, text.indexOf(MARK) - 200), text.indexOf(MARK) + 100)}…`).toBe(false);
      }
    } finally {
      stream.close();
      await dashboard.close();
      await ledger.close();
      await fullDisk.close();
      await sim.close();
    }
  });
});
