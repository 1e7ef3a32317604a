/**
 * OpenAI-compatible hosts recognised from the client's `baseURL`, as each documents its endpoint,
 * mapped to the provider ids of the WattLens catalog (datacenter zone, PUE, WUE, models). An
 * explicit `provider` option always wins.
 */
const HOSTS: readonly (readonly [pattern: RegExp, provider: string])[] = [
  // Azure OpenAI / Microsoft Foundry resources.
  [/(^|\.)openai\.azure\.com$/, 'azure'],
  [/(^|\.)cognitiveservices\.azure\.com$/, 'azure'],
  [/(^|\.)services\.ai\.azure\.com$/, 'azure'],
  [/(^|\.)groq\.com$/, 'groq'],
  [/(^|\.)together\.(xyz|ai)$/, 'together'],
  [/(^|\.)fireworks\.ai$/, 'fireworks-ai'],
  [/(^|\.)deepinfra\.com$/, 'deepinfra'],
  [/(^|\.)cerebras\.ai$/, 'cerebras'],
  [/(^|\.)sambanova\.ai$/, 'sambanova'],
  [/(^|\.)novita\.ai$/, 'novita'],
  [/(^|\.)nebius\.(com|ai)$/, 'nebius'],
  [/(^|\.)scaleway\.com$/, 'scaleway'],
  [/(^|\.)openrouter\.ai$/, 'openrouter'],
  [/(^|\.)mistral\.ai$/, 'mistral'],
  [/(^|\.)huggingface\.co$/, 'huggingface'],
];

/** Default ports of local servers: Ollama (11434) and LM Studio (1234), as their docs give them. */
const LOCAL_PORTS: Readonly<Record<string, string>> = { '11434': 'ollama', '1234': 'lmstudio' };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

/**
 * The provider a client talks to, from its `baseURL`: a known OpenAI-compatible host, a local
 * Ollama or LM Studio server on its default port, else `openai` (the API itself, a proxy, or a
 * simulator).
 *
 * @param baseURL - The client's `baseURL`.
 * @returns A provider id of the catalog.
 */
export function providerForBaseURL(baseURL: unknown): string {
  if (typeof baseURL !== 'string') return 'openai';
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return 'openai';
  }
  const host = url.hostname.toLowerCase();
  if (LOCAL_HOSTS.has(host)) return LOCAL_PORTS[url.port] ?? 'openai';
  for (const [pattern, provider] of HOSTS) if (pattern.test(host)) return provider;
  return 'openai';
}
