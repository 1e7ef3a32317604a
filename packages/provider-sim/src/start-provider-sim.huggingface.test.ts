import { InferenceClient, InferenceClientProviderApiError } from '@huggingface/inference';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countSimTokens } from './count-sim-tokens';
import { makeWav } from './internal/media';
import { startProviderSim, type ProviderSim } from './start-provider-sim';

let sim: ProviderSim;
let client: InferenceClient;

beforeEach(async () => {
  sim = await startProviderSim({ seed: 11 });
  // An hf_ token sends provider calls through the router, which huggingfaceFetch points at the simulator.
  client = new InferenceClient('hf_sim', { fetch: sim.huggingfaceFetch });
});

afterEach(async () => {
  await sim.close();
});

const messages = [{ role: 'user', content: 'Which grid is cleaner at night?' }];
const promptTokens = 3 + 3 + countSimTokens(messages[0]!.content);

describe('Hugging Face OpenAI-compatible routes', () => {
  it('answers chatCompletion on an endpointUrl', async () => {
    const endpoint = new InferenceClient('hf_sim');
    const response = await endpoint.chatCompletion({ endpointUrl: `${sim.urls.huggingface}/endpoints/my-tgi`, model: 'tgi', messages, max_tokens: 64 });
    const content = response.choices[0]?.message.content ?? '';
    expect(response.usage.completion_tokens).toBe(countSimTokens(content));
    expect(response.usage.prompt_tokens).toBe(promptTokens);
    expect(sim.stats().byRoute['huggingface.chat.completions']?.requests).toBe(1);
  });

  it('streams with stream_options.include_usage, usage equal to the chunks', async () => {
    const endpoint = new InferenceClient('hf_sim');
    let chunks = 0;
    let usage;
    for await (const chunk of endpoint.chatCompletionStream(
      { endpointUrl: `${sim.urls.huggingface}/endpoints/my-tgi/v1`, model: 'tgi', messages, stream_options: { include_usage: true } },
    )) {
      if (chunk.choices[0]?.delta.content) chunks += 1;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(0);
    expect(usage).toMatchObject({ completion_tokens: chunks, prompt_tokens: promptTokens });
  });

  it('routes provider calls through the Hub mapping and the router (together, groq, auto)', async () => {
    const together = await client.chatCompletion({ provider: 'together', model: 'meta-llama/Llama-3.1-8B-Instruct', messages });
    expect(together.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(together.usage.completion_tokens).toBe(countSimTokens(together.choices[0]?.message.content ?? ''));
    let streamed = 0;
    for await (const chunk of client.chatCompletionStream({ provider: 'groq', model: 'meta-llama/Llama-3.3-70B-Instruct', messages })) {
      if (chunk.choices[0]?.delta.content) streamed += 1;
    }
    expect(streamed).toBeGreaterThan(0);
    const auto = await client.chatCompletion({ model: 'Qwen/Qwen2.5-7B-Instruct', messages });
    expect(auto.choices[0]?.message.content).toBeTruthy();
    const routes = sim.stats().byRoute;
    expect(routes['huggingface.hub.model']?.requests).toBeGreaterThanOrEqual(1);
    expect(routes['huggingface.chat.completions']?.requests).toBe(3);
  });

  it('serves textGeneration on endpoints and providers (OpenAI completions on the wire)', async () => {
    const endpoint = new InferenceClient('hf_sim');
    const generated = await endpoint.textGeneration({ endpointUrl: `${sim.urls.huggingface}/endpoints/my-tgi`, inputs: 'Once upon a time', parameters: { max_new_tokens: 12 } });
    expect(countSimTokens(generated.generated_text)).toBeLessThanOrEqual(12);
    expect(generated.generated_text.length).toBeGreaterThan(0);
    const together = await client.textGeneration({ provider: 'together', model: 'openai-community/gpt2', inputs: 'Once upon a time' });
    expect(together.generated_text.length).toBeGreaterThan(0);
  });
});

describe('Hugging Face task routes', () => {
  it('extracts features on hf-inference (pipeline route) and on Together (embeddings route)', async () => {
    const single = await client.featureExtraction({ provider: 'hf-inference', model: 'sentence-transformers/all-MiniLM-L6-v2', inputs: 'kilowatt' });
    expect(single).toHaveLength(384);
    const batch = await client.featureExtraction({ provider: 'hf-inference', model: 'sentence-transformers/all-MiniLM-L6-v2', inputs: ['a', 'b'] });
    expect(batch).toHaveLength(2);
    const together = await client.featureExtraction({ provider: 'together', model: 'BAAI/bge-large-en-v1.5', inputs: 'kilowatt' });
    expect((together as number[][])[0]).toHaveLength(1024);
  });

  it('generates PNG images on hf-inference and Together', async () => {
    const blob = await client.textToImage({ provider: 'hf-inference', model: 'stabilityai/stable-diffusion-xl-base-1.0', inputs: 'a dam', parameters: { width: 64, height: 32 } }, { outputType: 'blob' });
    const png = Buffer.from(await blob.arrayBuffer());
    expect(blob.type).toBe('image/png');
    expect(png.readUInt32BE(16)).toBe(64);
    expect(png.readUInt32BE(20)).toBe(32);
    const together = await client.textToImage({ provider: 'together', model: 'black-forest-labs/FLUX.1-schnell', inputs: 'a dam' }, { outputType: 'blob' });
    expect(Buffer.from(await together.arrayBuffer()).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('summarizes, translates and transcribes on hf-inference', async () => {
    const summary = await client.summarization({ provider: 'hf-inference', model: 'facebook/bart-large-cnn', inputs: 'Data centers use electricity and water. '.repeat(20) });
    expect(summary.summary_text.length).toBeGreaterThan(0);
    const translation = await client.translation({ provider: 'hf-inference', model: 'Helsinki-NLP/opus-mt-en-fr', inputs: 'The grid is clean tonight.' });
    const translated = Array.isArray(translation) ? translation[0] : translation;
    expect(countSimTokens(translated?.translation_text ?? '')).toBe(countSimTokens('The grid is clean tonight.'));
    const transcript = await client.automaticSpeechRecognition({ provider: 'hf-inference', model: 'openai/whisper-large-v3', data: new Blob([new Uint8Array(makeWav(4))], { type: 'audio/wav' }) });
    // 150 words per minute: 4 s of audio is 10 tokens of transcript.
    expect(countSimTokens(transcript.text)).toBe(10);
  });

  it('serves plain task endpoints named by path for endpointUrl users', async () => {
    const endpoint = new InferenceClient('hf_sim');
    const vector = await endpoint.featureExtraction({ endpointUrl: `${sim.urls.huggingface}/tasks/feature-extraction/BAAI/bge-small-en-v1.5`, inputs: 'watt' });
    expect(vector).toHaveLength(384);
    const image = await endpoint.textToImage({ endpointUrl: `${sim.urls.huggingface}/tasks/text-to-image`, inputs: 'a turbine' }, { outputType: 'blob' });
    expect(image.type).toBe('image/png');
    const summary = await endpoint.summarization({ endpointUrl: `${sim.urls.huggingface}/tasks/summarization`, inputs: 'Long text about energy. '.repeat(10) });
    expect(summary.summary_text).toBeTruthy();
    const transcript = await endpoint.automaticSpeechRecognition({ endpointUrl: `${sim.urls.huggingface}/tasks/automatic-speech-recognition`, data: new Blob([new Uint8Array(makeWav(2))]) });
    expect(countSimTokens(transcript.text)).toBe(5);
  });

  it('answers the Hub mapping with the model task', async () => {
    const response = await fetch(`${sim.urls.huggingface}/api/models/openai/whisper-large-v3?expand[]=inferenceProviderMapping`);
    const body = (await response.json()) as { id: string; inferenceProviderMapping: { provider: string; task: string }[] };
    expect(body.id).toBe('openai/whisper-large-v3');
    expect(body.inferenceProviderMapping[0]).toMatchObject({ provider: 'hf-inference', task: 'automatic-speech-recognition' });
  });
});

describe('Hugging Face faults', () => {
  it('accepts a fault as a query parameter or an endpointUrl path segment, never answering 503', async () => {
    const endpoint = new InferenceClient('hf_sim');
    const byQuery = await endpoint
      .featureExtraction({ endpointUrl: `${sim.urls.huggingface}/tasks/feature-extraction?x-sim-fault=status:429`, inputs: 'watt' })
      .catch((caught: unknown) => caught);
    expect(byQuery).toBeInstanceOf(InferenceClientProviderApiError);
    expect((byQuery as InferenceClientProviderApiError).httpResponse.status).toBe(429);
    const bySegment = await endpoint
      .chatCompletion({ endpointUrl: `${sim.urls.huggingface}/x-sim-fault=status:500/endpoints/my-tgi`, model: 'tgi', messages })
      .catch((caught: unknown) => caught);
    expect(bySegment).toBeInstanceOf(InferenceClientProviderApiError);
    expect((bySegment as InferenceClientProviderApiError).httpResponse.status).toBe(500);
    expect(sim.stats().byStatus['503']).toBeUndefined();
  });

  it('raises in the consumer on cut and malformed streams', async () => {
    const endpoint = new InferenceClient('hf_sim');
    const consume = async (fault: string): Promise<void> => {
      for await (const _chunk of endpoint.chatCompletionStream({ endpointUrl: `${sim.urls.huggingface}/x-sim-fault=${fault}/endpoints/tgi`, model: 'tgi', messages }));
    };
    await expect(consume('cut-after:2')).rejects.toThrow();
    await expect(consume('malformed:2')).rejects.toThrow(SyntaxError);
  });

  it('uses the faults option for clients that set no header', async () => {
    await sim.close();
    sim = await startProviderSim({ faults: (request) => (request.route === 'huggingface.feature-extraction' ? 'status:403' : undefined) });
    const endpoint = new InferenceClient('hf_sim');
    await expect(endpoint.featureExtraction({ endpointUrl: `${sim.urls.huggingface}/tasks/feature-extraction`, inputs: 'watt' })).rejects.toBeInstanceOf(InferenceClientProviderApiError);
    const chat = await endpoint.chatCompletion({ endpointUrl: `${sim.urls.huggingface}/endpoints/tgi`, model: 'tgi', messages });
    expect(chat.choices).toHaveLength(1);
  });
});
