import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { run } from './example.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

it('serves the meter to Prometheus: energy in joules by model and customer, adding up to the meter', async () => {
  const lines: string[] = [];
  const port = await freePort();
  const { text, totals } = await run({ print: (line: string) => lines.push(line), port });
  const energy = text.split('\n').filter((line) => line.startsWith('wattlens_energy_total{'));
  expect(energy.length).toBe(2 + 1); // acme × 2 models, globex × 1
  for (const line of energy) {
    expect(line).toMatch(/gen_ai_system="openai",gen_ai_operation_name="chat",gen_ai_request_model="gpt-4o(-mini)?",wattlens_tag_customer="(acme|globex)"/);
    expect(line).toContain('service_name="docs-assistant"');
    expect(line).not.toMatch(/wattlens_tag_user|wattlens_tag_feature|rotate/);
  }
  const joules = energy.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  expect(Math.abs(joules - totals.energy.value * 3_600_000) / joules).toBeLessThan(1e-12);
  expect(totals.requests).toBe(3);
  expect(lines.join('\n')).toMatch(/The meter's own totals: 3 requests/);
  // The endpoint is closed once the meter provider is shut down.
  await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
});
