// Test support: a chat completion made with the official `openai` SDK wrapped by the WattLens
// OpenAI adapter, against the provider simulator; returns the SDK's result and its impact report.
import type { ImpactCallOptions, ImpactReport } from '@wattlens/core';
import { getImpact, withCallImpact, withImpact, type OpenAIImpactOptions } from '@wattlens/openai';
import OpenAI from 'openai';

export interface ImpactChat {
  readonly result: OpenAI.Chat.Completions.ChatCompletion;
  readonly report: ImpactReport;
}

/**
 * Sends one chat completion through `withImpact(new OpenAI({ baseURL }), options)`. The adapter
 * records it once (completed or failed) and calls `options.onImpact`; a provider error is thrown
 * as the SDK throws it.
 */
export async function impactChat(
  baseURL: string,
  options: OpenAIImpactOptions,
  body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
  call: ImpactCallOptions = {},
  requestOptions: OpenAI.RequestOptions = {},
): Promise<ImpactChat> {
  const client = withImpact(new OpenAI({ baseURL, apiKey: 'sim', maxRetries: 0 }), options);
  const result = await client.chat.completions.create(body, withCallImpact(call, requestOptions));
  const report = getImpact(result);
  if (report === undefined) throw new Error('The adapter attached no impact report');
  return { result, report };
}
