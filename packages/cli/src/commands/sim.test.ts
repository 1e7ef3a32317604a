import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../main';
import { captureIO } from '../../test/capture-io';

const capture = (interrupted?: Promise<void>) => captureIO(interrupted === undefined ? {} : { interrupted });

describe('wattlens sim', () => {
  it('serves the three APIs until interrupted, then stops', async () => {
    let stop: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const { io, out } = capture(interrupted);
    const running = main(['sim', '--seed', '5'], io);
    await vi.waitFor(() => expect(out()).toMatch(/Ctrl-C/), { timeout: 5000 });
    const openaiUrl = /http:\/\/127\.0\.0\.1:\d+\/openai\/v1/.exec(out())?.[0] ?? '';
    expect(out()).toMatch(/serverURL: 'http:\/\/127\.0\.0\.1:\d+\/mistral'/);
    expect(out()).toMatch(/http:\/\/127\.0\.0\.1:\d+\/huggingface/);

    const client = new OpenAI({ baseURL: openaiUrl, apiKey: 'sim', maxRetries: 0 });
    const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    expect(reply.usage?.completion_tokens).toBeGreaterThan(0);

    stop();
    expect(await running).toBe(0);
    expect(out()).toMatch(/stopped/);
    await expect(fetch(`${openaiUrl}/models`)).rejects.toThrow();
  });

  it.each([
    [['--latency', 'fast'], /latency/],
    [['--port', '70000'], /port/],
    [['--seed', '-1'], /seed/],
  ])('exits 2 with a one-line message on bad arguments %j', async (extra, pattern) => {
    const { io, err, out } = capture();
    expect(await main(['sim', ...extra], io)).toBe(2);
    expect(err()).toMatch(pattern);
    expect(out()).toBe('');
  });

  it('prints its help', async () => {
    const { io, out } = capture();
    expect(await main(['sim', '--help'], io)).toBe(0);
    expect(out()).toMatch(/--latency realistic\|none/);
  });
});
