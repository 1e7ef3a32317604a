import { getImpact } from '@wattlens/core';
import { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { majors, silentWav, startClients, type SimClients } from '../test/sim-clients';
import { SPEECH_CHARACTERS_PER_SECOND } from './internal/media-operations';

let clients: SimClients | undefined;

afterEach(async () => {
  await clients?.sim.close();
  clients = undefined;
});

describe.each(majors)('other modalities with $major', (major) => {
  it('embeddings: the input tokens, as the embedding modality; vectors decoded as before', async () => {
    clients = await startClients(major);
    const result = await clients.client.embeddings.create({ model: 'text-embedding-3-small', input: ['first text', 'a second, longer text'] });
    expect(result.data[0]?.embedding.length).toBe(1536);
    expect(typeof result.data[0]?.embedding[0]).toBe('number');
    expect(result.impact?.request).toMatchObject({ modality: 'embedding', inputTokens: result.usage.prompt_tokens, outputTokens: 0, tokenSource: 'reported' });
    expect(clients.recorded[0]?.context.operation).toBe('embeddings');
  });

  it('images with GPT Image: the image tokens it reports, per image, size and quality', async () => {
    clients = await startClients(major);
    const result = await clients.client.images.generate({ model: 'gpt-image-1', prompt: 'a wind farm at dawn', quality: 'low', size: '1024x1536' });
    expect(result.data?.[0]?.b64_json?.length).toBeGreaterThan(0);
    expect(result.impact?.request).toMatchObject({
      modality: 'image',
      images: 1,
      imageSize: '1024x1536',
      imageQuality: 'low',
      inputTokens: result.usage?.input_tokens,
      outputTokens: result.usage?.output_tokens,
    });
    expect(result.impact?.warnings.map((warning) => warning.code)).toContain('modality-estimated');
  });

  it('images with DALL·E: per image, scaled by size and quality', async () => {
    clients = await startClients(major);
    const standard = await clients.client.images.generate({ model: 'dall-e-3', prompt: 'a solar roof', size: '1024x1024' });
    const large = await clients.client.images.generate({ model: 'dall-e-3', prompt: 'a solar roof', size: '1024x1792', quality: 'hd' });
    const pair = await clients.client.images.generate({ model: 'dall-e-2', prompt: 'a solar roof', n: 2, size: '1024x1024' });
    expect(large.impact?.request).toMatchObject({ modality: 'image', images: 1, imageSize: '1024x1792', imageQuality: 'hd' });
    expect(pair.impact?.request.images).toBe(2);
    const energy = (result: typeof standard): number => result.impact?.energy.value ?? Number.NaN;
    expect(energy(large)).toBeGreaterThan(energy(standard));
    expect(energy(pair)).toBeGreaterThan(energy(standard));
  });

  it('image edits go through the meter too', async () => {
    clients = await startClients(major);
    // The simulator has no edit route: the 404 shows the call was metered, and refused before any model ran.
    await expect(clients.client.images.edit({ model: 'gpt-image-1', image: await toFile(new Uint8Array([137, 80, 78, 71]), 'in.png'), prompt: 'add a turbine' })).rejects.toBeInstanceOf(major.OpenAI.NotFoundError);
    expect(clients.recorded[0]?.context).toMatchObject({ operation: 'images', status: 'failed', error: { name: 'NotFoundError', status: 404 } });
    expect(clients.recorded[0]?.report.request).toMatchObject({ modality: 'image', images: 0 });
  });

  it('streamed image generation: the usage of image_generation.completed', async () => {
    // The simulator does not stream images: a transport replays OpenAI's documented event stream
    // (API reference, "Image generation streaming events") to the real SDK.
    const events = [
      { type: 'image_generation.partial_image', b64_json: 'iVBORw0KGgo=', partial_image_index: 0, size: '1024x1024', quality: 'low', background: 'opaque', output_format: 'png', created_at: 1767225600 },
      { type: 'image_generation.completed', b64_json: 'iVBORw0KGgo=', size: '1024x1024', quality: 'low', background: 'opaque', output_format: 'png', created_at: 1767225600, usage: { input_tokens: 9, input_tokens_details: { image_tokens: 0, text_tokens: 9 }, output_tokens: 272, total_tokens: 281 } },
    ];
    const sse = events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
    clients = await startClients(major, {}, { fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }) });
    const stream = await clients.client.images.generate({ model: 'gpt-image-1', prompt: 'a wind farm', quality: 'low', stream: true, partial_images: 1 });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_generation.partial_image', 'image_generation.completed']);
    expect((await stream.impact)?.request).toMatchObject({ modality: 'image', images: 1, imageSize: '1024x1024', imageQuality: 'low', inputTokens: 9, outputTokens: 272, tokenSource: 'reported' });
    expect(clients.recorded[0]?.context).toMatchObject({ operation: 'images', streamed: true, status: 'completed' });
  });

  it('transcription with Whisper: the seconds it reports', async () => {
    clients = await startClients(major);
    const result = await clients.client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(silentWav(12.4), 'talk.wav') });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.impact?.request).toMatchObject({ modality: 'audio-transcription', audioSeconds: 13, tokenSource: 'reported' });
    const verbose = await clients.client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(silentWav(12.4), 'talk.wav'), response_format: 'verbose_json' });
    expect(verbose.impact?.request.audioSeconds).toBeCloseTo(12.4, 5);
  });

  it('transcription with GPT-4o: the audio and text tokens it reports', async () => {
    clients = await startClients(major);
    const result = await clients.client.audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: await toFile(silentWav(30), 'talk.wav') });
    const usage = result.usage as { input_tokens: number; output_tokens: number };
    expect(result.impact?.request).toMatchObject({ modality: 'audio-transcription', inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, tokenSource: 'reported' });
  });

  it('transcription as subtitles or text: the cues’ end, or the transcript at the speaking rate', async () => {
    clients = await startClients(major);
    const srt = await clients.client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(silentWav(9.5), 'talk.wav'), response_format: 'srt' });
    expect(srt).toContain('-->');
    expect(clients.recorded[0]?.report.request).toMatchObject({ audioSeconds: 9.5, tokenSource: 'reported' });
    const plain = await clients.client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(silentWav(24), 'talk.wav'), response_format: 'text' });
    const words = plain.trim().split(/\s+/).length;
    expect(clients.recorded[1]?.report.request).toMatchObject({ audioSeconds: Math.round(((words * 60) / 150) * 100) / 100, tokenSource: 'estimated' });
    // A string cannot carry a property: the report reaches onImpact and the meter only.
    expect(getImpact(plain)).toBeUndefined();
  });

  it('streamed transcription: the usage of transcript.text.done', async () => {
    clients = await startClients(major);
    const stream = await clients.client.audio.transcriptions.create({ model: 'gpt-4o-mini-transcribe', file: await toFile(silentWav(6), 'talk.wav'), stream: true });
    let done: { usage?: { input_tokens?: number } } | undefined;
    for await (const event of stream) if (event.type === 'transcript.text.done') done = event as typeof done;
    const report = await stream.impact;
    expect(report?.request).toMatchObject({ modality: 'audio-transcription', inputTokens: done?.usage?.input_tokens, tokenSource: 'reported' });
    expect(clients.recorded[0]?.context.streamed).toBe(true);
  });

  it('speech: seconds from the input’s length at the speaking rate; the audio untouched', async () => {
    clients = await startClients(major);
    const input = 'Every request has a cost in energy, water and materials. Seeing it is the first step.';
    const response = await clients.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input, response_format: 'wav' });
    const audio = new Uint8Array(await response.arrayBuffer());
    expect(String.fromCharCode(...audio.slice(0, 4))).toBe('RIFF');
    const report = getImpact(response);
    expect(report?.request.modality).toBe('audio-speech');
    expect(report?.request.audioSeconds).toBeCloseTo(input.length / SPEECH_CHARACTERS_PER_SECOND, 1);
    // The simulator renders 150 words per minute: the estimate is within a quarter of its audio.
    const simulatedSeconds = (audio.length - 44) / (24_000 * 2);
    expect(Math.abs((report?.request.audioSeconds ?? 0) - simulatedSeconds) / simulatedSeconds).toBeLessThan(0.25);
    const faster = await clients.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input, speed: 2 });
    expect(getImpact(faster)?.request.audioSeconds).toBeCloseTo((report?.request.audioSeconds ?? 0) / 2, 1);
  });

  it('legacy completions: usage as reported, and the usage chunk of a stream hidden', async () => {
    clients = await startClients(major);
    const completion = await clients.client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hello', max_tokens: 8 });
    expect(completion.impact?.request).toMatchObject({ inputTokens: completion.usage?.prompt_tokens, outputTokens: completion.usage?.completion_tokens });
    const stream = await clients.client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hello', max_tokens: 8, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.choices.length > 0 && !('usage' in chunk))).toBe(true);
    expect((await stream.impact)?.request).toMatchObject({ outputTokens: 8, tokenSource: 'reported' });
    expect(clients.recorded.map(({ context }) => context.operation)).toEqual(['completions', 'completions']);
  });
});
