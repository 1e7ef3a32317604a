import { fields } from './read';

/** Mistral's United States API host (`server: 'us'` in the SDK: `ServerList.us`, lib/config.ts). */
const US_HOST = 'api.us.mistral.ai';

function isUsUrl(url: unknown): boolean {
  if (typeof url !== 'string' && !(url instanceof URL)) return false;
  try {
    return new URL(url).hostname.toLowerCase() === US_HOST;
  } catch {
    return false;
  }
}

/**
 * The WattLens provider profile of a Mistral request: `mistral-us` when it goes to the United
 * States endpoint (`server: 'us'`, or a `serverURL` on `api.us.mistral.ai`, per client or per
 * request), `mistral` (its EU datacenters) otherwise.
 */
export function mistralProvider(sdkOptions: unknown, requestOptions: unknown): 'mistral' | 'mistral-us' {
  const perRequest = fields(requestOptions).serverURL;
  if (perRequest !== undefined && perRequest !== null && perRequest !== '') return isUsUrl(perRequest) ? 'mistral-us' : 'mistral';
  const { server, serverURL } = fields(sdkOptions);
  if (typeof serverURL === 'string' && serverURL !== '') return isUsUrl(serverURL) ? 'mistral-us' : 'mistral';
  return server === 'us' ? 'mistral-us' : 'mistral';
}
