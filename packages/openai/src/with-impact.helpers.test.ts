import { getImpact } from '@wattlens/core';
import { afterEach, describe, expect, it } from 'vitest';
import { majors, messages, startClients, type SimClients } from '../test/sim-clients';
import { withCallImpact } from './with-call-impact';

let clients: SimClients | undefined;

afterEach(async () => {
  await clients?.sim.close();
  clients = undefined;
});

const answerFormat = {
  type: 'json_schema' as const,
  json_schema: {
    name: 'answer',
    strict: true,
    schema: { type: 'object', properties: { wattHours: { type: 'number' } }, required: ['wattHours'], additionalProperties: false },
  },
};

describe.each(majors)('SDK helpers with $major', (major) => {
  it('chat.completions.parse: one request, and the parsed result carries its report', async () => {
    clients = await startClients(major);
    const parsed = await clients.client.chat.completions.parse({ model: 'gpt-4o-mini', messages, response_format: answerFormat });
    expect(typeof (parsed.choices[0]?.message.parsed as { wattHours?: unknown } | null)?.wattHours).toBe('number');
    expect(clients.sim.stats().requests).toBe(1);
    expect(clients.recorded).toHaveLength(1);
    expect(parsed.impact).toBe(clients.recorded[0]?.report);
    expect(Object.keys(parsed)).not.toContain('impact');
  });

  it('chat.completions.stream: one request, metered once, with per-call options passed through', async () => {
    clients = await startClients(major);
    const helper = clients.client.chat.completions.stream({ model: 'gpt-4o-mini', messages }, withCallImpact({ tags: { feature: 'helper' } }));
    let deltas = 0;
    helper.on('content', () => {
      deltas += 1;
    });
    const final = await helper.finalChatCompletion();
    expect(final.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(clients.sim.stats().requests).toBe(1);
    expect(clients.recorded).toHaveLength(1);
    expect(clients.recorded[0]?.context).toMatchObject({ streamed: true, status: 'completed', tags: { feature: 'helper' } });
    expect(clients.recorded[0]?.report.request).toMatchObject({ tokenSource: 'reported', outputTokens: deltas });
  });

  it('responses.parse and responses.stream: one request each, metered once', async () => {
    clients = await startClients(major);
    const parsed = await clients.client.responses.parse({
      model: 'gpt-4o-mini',
      input: 'How much energy?',
      text: { format: { type: 'json_schema', name: 'answer', strict: true, schema: answerFormat.json_schema.schema } },
    });
    expect(typeof (parsed.output_parsed as { wattHours?: unknown } | null)?.wattHours).toBe('number');
    expect(getImpact(parsed)).toBe(clients.recorded[0]?.report);

    const stream = clients.client.responses.stream({ model: 'gpt-4o-mini', input: 'How much water?' });
    const final = await stream.finalResponse();
    expect(clients.sim.stats().requests).toBe(2);
    expect(clients.recorded).toHaveLength(2);
    expect(clients.recorded[1]?.report.request.outputTokens).toBe(final.usage?.output_tokens);
  });

  it('runTools: every request of the loop is metered once', async () => {
    clients = await startClients(major);
    const runner = clients.client.chat.completions.runTools({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Use get_weather for Paris, please.' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather of a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            parse: (input: string) => JSON.parse(input) as { city: string },
            function: ({ city }: { city: string }) => `Sunny, 21 °C in ${city}`,
          },
        },
      ],
    });
    await runner.finalContent();
    const requests = clients.sim.stats().requests;
    expect(requests).toBeGreaterThanOrEqual(2);
    expect(clients.recorded).toHaveLength(requests);
    expect(clients.meter.snapshot().totals.requests).toBe(requests);
  });
});
