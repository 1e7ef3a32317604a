import { InferenceClient } from '@huggingface/inference';
import { Mistral } from '@mistralai/mistralai';
import type { Catalog, Meter } from '@wattlens/core';
import { withCallOptions as withHuggingFaceCallOptions, withImpact as withHuggingFaceImpact } from '@wattlens/huggingface';
import { withCallOptions as withMistralCallOptions, withImpact as withMistralImpact } from '@wattlens/mistral';
import { withCallOptions as withOpenAICallOptions, withImpact as withOpenAIImpact } from '@wattlens/openai';
import type { ProviderSim } from '@wattlens/provider-sim';
import OpenAI from 'openai';
import { demoInstructions, type DemoRequest } from './demo-script';

/** The three real SDK clients of the demo, wrapped by WattLens and pointed at the simulator. */
export interface DemoClients {
  readonly openai: OpenAI;
  readonly mistral: Mistral;
  readonly huggingface: InferenceClient;
}

/**
 * Builds the SDK clients exactly as an application would, but against the local simulator (any
 * API key is accepted there), each wrapped with `withImpact` and recording into `meter`.
 *
 * @param sim - The running provider simulator.
 * @param options - The meter every request is recorded into, and the catalog to estimate with.
 * @returns The wrapped clients.
 */
export function createDemoClients(sim: ProviderSim, options: { readonly meter: Meter; readonly catalog: Catalog }): DemoClients {
  const shared = { meter: options.meter, catalog: options.catalog, tags: { app: 'wattlens-demo' } };
  return {
    // maxRetries 0: a failure is shown as it happened, never hidden by a retry.
    openai: withOpenAIImpact(new OpenAI({ baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 }), shared),
    mistral: withMistralImpact(new Mistral({ serverURL: sim.urls.mistral, apiKey: 'sim' }), shared),
    // An `hf_` token makes the SDK go through the Hugging Face router, which huggingfaceFetch
    // sends to the simulator.
    huggingface: withHuggingFaceImpact(new InferenceClient('hf_sim', { fetch: sim.huggingfaceFetch }), shared),
  };
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const chunk of stream) void chunk;
}

function message(request: DemoRequest): string {
  return request.step.texts.join('\n\n');
}

function chatMessages(request: DemoRequest): { role: 'system' | 'user'; content: string }[] {
  return [{ role: 'system', content: demoInstructions(request.user) }, { role: 'user', content: message(request) }];
}

async function sendOpenAI(client: OpenAI, request: DemoRequest, signal: AbortSignal): Promise<void> {
  const { step } = request;
  const messages = chatMessages(request);
  switch (step.call) {
    case 'chat':
      await client.chat.completions.create({ model: step.model, messages }, { signal });
      return;
    case 'chat-stream':
      await drain(await client.chat.completions.create({ model: step.model, messages, stream: true }, { signal }));
      return;
    case 'embeddings':
      await client.embeddings.create({ model: step.model, input: [...step.texts] }, { signal });
      return;
    case 'image':
      await client.images.generate({ model: step.model, prompt: message(request), size: '1024x1024', quality: 'low' }, { signal });
      return;
    case 'summarization':
      throw new TypeError(`the demo has no OpenAI ${step.call} call`);
  }
}

async function sendMistral(client: Mistral, request: DemoRequest, signal: AbortSignal): Promise<void> {
  const { step } = request;
  const messages = chatMessages(request);
  switch (step.call) {
    case 'chat':
      await client.chat.complete({ model: step.model, messages }, { signal });
      return;
    case 'chat-stream':
      await drain(await client.chat.stream({ model: step.model, messages }, { signal }));
      return;
    case 'embeddings':
      await client.embeddings.create({ model: step.model, inputs: [...step.texts] }, { signal });
      return;
    case 'image':
    case 'summarization':
      throw new TypeError(`the demo has no Mistral ${step.call} call`);
  }
}

async function sendHuggingFace(client: InferenceClient, request: DemoRequest, signal: AbortSignal): Promise<void> {
  const { step } = request;
  const route = { model: step.model, ...(step.inferenceProvider === undefined ? {} : { provider: step.inferenceProvider as 'together' }) };
  const messages = chatMessages(request);
  switch (step.call) {
    case 'chat':
      await client.chatCompletion({ ...route, messages }, { signal });
      return;
    case 'chat-stream':
      await drain(client.chatCompletionStream({ ...route, messages }, { signal }));
      return;
    case 'embeddings':
      await client.featureExtraction({ ...route, inputs: [...step.texts] }, { signal });
      return;
    case 'summarization':
      await client.summarization({ ...route, inputs: message(request) }, { signal });
      return;
    case 'image':
      throw new TypeError(`the demo has no Hugging Face ${step.call} call`);
  }
}

/**
 * Sends one request of the session through its SDK, tagged with its user and feature, and reads
 * the reply to its end (streams included). The reply's text is dropped.
 *
 * @param clients - From {@link createDemoClients}.
 * @param request - The step, its user and its position.
 * @param signal - Aborts the request (Ctrl-C).
 * @returns Once the reply has been read; rejects with the SDK's error when the request fails.
 */
export async function sendDemoRequest(clients: DemoClients, request: DemoRequest, signal: AbortSignal): Promise<void> {
  const call = { tags: { user: request.user, feature: request.step.feature } };
  switch (request.step.provider) {
    case 'openai':
      return sendOpenAI(withOpenAICallOptions(clients.openai, call), request, signal);
    case 'mistral':
      return sendMistral(withMistralCallOptions(clients.mistral, call), request, signal);
    case 'huggingface':
      return sendHuggingFace(withHuggingFaceCallOptions(clients.huggingface, call), request, signal);
  }
}
