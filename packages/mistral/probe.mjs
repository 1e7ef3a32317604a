import { Mistral } from '@mistralai/mistralai';
import { withImpact } from '@wattlens/mistral';
import { startProviderSim } from '@wattlens/provider-sim';
const sim = await startProviderSim({ seed: 5 });
const raw = new Mistral({ apiKey: 'sim', serverURL: sim.urls.mistral });
const messages = [{ role: 'user', content: 'How much water does a data center use?' }];
for (const label of ['raw', 'wrapped']) {
  const controller = new AbortController();
  const c = label === 'wrapped' ? withImpact(raw, {}) : raw;
  const stream = await c.chat.stream({ model: 'mistral-small-latest', messages }, { signal: controller.signal, headers: { 'x-sim-fault': 'stall-after:5' } });
  let events = 0;
  const timer = setTimeout(() => console.log(label, 'still waiting 2 s after the abort'), 2000);
  try { for await (const _e of stream) { events++; if (events === 1) gc(); if (events === 3) controller.abort(); } console.log(label, 'ended quietly', events); } catch (e) { console.log(label, 'threw', e.name, events); }
  clearTimeout(timer);
}
await sim.close();
