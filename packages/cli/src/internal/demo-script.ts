import type { Budget } from '@wattlens/core';

/** The SDK a step goes through. */
export type DemoProvider = 'openai' | 'mistral' | 'huggingface';

/** What a step asks of its SDK. */
export type DemoCall = 'chat' | 'chat-stream' | 'embeddings' | 'image' | 'summarization';

/** One request of the demo's scripted session. */
export interface DemoStep {
  readonly provider: DemoProvider;
  readonly call: DemoCall;
  readonly model: string;
  /** Hugging Face only: the inference provider the router sends the call to. */
  readonly inferenceProvider?: string;
  /** The application feature that makes the request (a tag, for the dashboard's breakdowns). */
  readonly feature: string;
  /**
   * The text sent: the user's message (chat), the prompt (image), the documents (embeddings) or
   * the article (summarisation). It reaches the simulator only: never the meter, the ledger, the
   * dashboard or the terminal.
   */
  readonly texts: readonly string[];
}

/** One request of a session: a step, the user who makes it, and its position (0-based). */
export interface DemoRequest {
  readonly index: number;
  readonly step: DemoStep;
  readonly user: string;
}

const DOCUMENTS = [
  'Heat pumps move heat instead of making it: one kilowatt-hour of electricity can deliver three or more of heat.',
  'A kilowatt-hour is the energy a one-kilowatt appliance uses in one hour, such as a kettle boiling for an hour.',
  'Data centres report water usage effectiveness: litres of water evaporated on site per kilowatt-hour of IT energy.',
  'Grid carbon intensity changes by country and by hour, from a few grams to several hundred grams of CO2e per kWh.',
];

const ARTICLE = 'The town council approved the new solar canopy over the central car park on Tuesday evening. '
  + 'The canopy will cover 240 parking spaces and is expected to produce about 1.1 gigawatt-hours a year, '
  + 'roughly the yearly electricity use of 300 homes. Construction starts in March and should last four months, '
  + 'during which half of the car park stays open. Charging points for electric cars will be added under the '
  + 'canopy in a second phase, subject to a grant application due in the autumn. Residents raised concerns about '
  + 'the loss of trees along the eastern edge; the council committed to planting twice as many in the adjacent park.';

/**
 * The demo's scripted session: a small team's assistant application using three providers, small
 * and large models, chat, streams, embeddings, an image and a summarisation. A session of N
 * requests runs these steps in order, round and round.
 */
export const DEMO_SCRIPT: readonly DemoStep[] = [
  { provider: 'openai', call: 'chat', model: 'gpt-4o-mini', feature: 'assistant', texts: ['What is the difference between a kilowatt and a kilowatt-hour?'] },
  { provider: 'openai', call: 'chat-stream', model: 'gpt-4o', feature: 'assistant', texts: ['Explain step by step how a heat pump moves heat out of cold outdoor air, for a homeowner.'] },
  { provider: 'mistral', call: 'chat', model: 'mistral-small-latest', feature: 'translate', texts: ['Translate into French: the train to Lyon leaves from platform four at a quarter past nine.'] },
  { provider: 'huggingface', call: 'chat', model: 'meta-llama/Llama-3.1-8B-Instruct', inferenceProvider: 'together', feature: 'autocomplete', texts: ['Complete this support reply: Thank you for your patience, your replacement charger'] },
  { provider: 'openai', call: 'embeddings', model: 'text-embedding-3-small', feature: 'search', texts: DOCUMENTS },
  { provider: 'mistral', call: 'chat-stream', model: 'mistral-large-latest', feature: 'report', texts: ['Draft a one-paragraph weekly status report: panels delivered, inverter delayed by a week, roof survey passed.'] },
  { provider: 'huggingface', call: 'summarization', model: 'facebook/bart-large-cnn', inferenceProvider: 'hf-inference', feature: 'summarise', texts: [ARTICLE] },
  { provider: 'openai', call: 'image', model: 'gpt-image-1', feature: 'illustration', texts: ['A watercolour of a wind farm on a hill at dawn, soft light, no text.'] },
  { provider: 'mistral', call: 'embeddings', model: 'mistral-embed', feature: 'search', texts: DOCUMENTS },
  { provider: 'huggingface', call: 'chat-stream', model: 'meta-llama/Llama-3.3-70B-Instruct', inferenceProvider: 'together', feature: 'assistant', texts: ['Suggest three ways a small office can cut its electricity use in winter.'] },
  { provider: 'openai', call: 'chat', model: 'gpt-4o', feature: 'support', texts: ['Classify this ticket as billing, delivery or technical: my invoice shows the wrong address.'] },
  { provider: 'mistral', call: 'chat', model: 'mistral-small-latest', feature: 'assistant', texts: ['Give me a short, friendly reminder to switch off the meeting-room screens at night.'] },
];

/**
 * The system message of the chat steps: the application's instructions, addressed to the user
 * (so the same question from two users is two different requests, as in a real application).
 *
 * @param user - The user making the request.
 * @returns The instructions.
 */
export function demoInstructions(user: string): string {
  return `You are the office assistant of Northwind Energy, helping ${user}. Answer briefly and plainly.`;
}

/** The users of the demo's application, taking turns (a tag, for per-user budgets and breakdowns). */
export const DEMO_USERS: readonly string[] = ['ada', 'grace', 'alan', 'hedy', 'linus'];

/** Requests in a default session: three rounds of the script. */
export const DEFAULT_DEMO_REQUESTS = DEMO_SCRIPT.length * 3;

/**
 * The requests of a session: the script's steps in order, repeated, each made by the next user.
 *
 * @param count - How many requests.
 * @param script - The steps to run. @default DEMO_SCRIPT
 * @returns `count` requests.
 */
export function demoRequests(count: number, script: readonly DemoStep[] = DEMO_SCRIPT): DemoRequest[] {
  const requests: DemoRequest[] = [];
  for (let index = 0; index < count; index += 1) {
    const step = script[index % script.length];
    const user = DEMO_USERS[index % DEMO_USERS.length];
    if (step === undefined || user === undefined) break;
    requests.push({ index, step, user });
  }
  return requests;
}

/**
 * The budgets of the demo's meter, sized for the default session (not for real use) so that its
 * gauges move and alerts show: the team's daily CO2e budget warns at half of its limit, past the
 * middle of the default session (which emits about 0.5 g CO2e); each user's daily water gauge
 * fills by what that user asked for, and the user who drew the image passes the warning. Both
 * only warn: no request of the demo is refused. Names are short enough for the terminal view to
 * show the user next to them.
 */
export const DEMO_BUDGETS: readonly Budget[] = [
  { name: 'team-co2e', metric: 'gwp', limit: 0.0006, window: 'day', warnAt: 0.5 },
  { name: 'user-water', metric: 'water', limit: 0.002, window: 'day', per: 'user' },
];
