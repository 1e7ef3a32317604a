import { fields } from './read';

/** Mistral's United States API host (`server: 'us'` in the SDK: `ServerList.us`, lib/config.ts). */
const US_HOST = 'api.us.mistral.ai';

/**
 * Server URLs already parsed, and whether they are the United States host: a client's URL is read
 * on every request, and parsing it costs more than the rest of the adapter's work per call.
 * Bounded: cleared when full.
 */
const parsedUrls = new Map<string, boolean>();
const MOST_PARSED_URLS = 64;

function isUsUrl(url: unknown): boolean {
  if (url instanceof URL) return url.hostname.toLowerCase() === US_HOST;
  if (typeof url !== 'string') return false;
  let isUs = parsedUrls.get(url);
  if (isUs === undefined) {
    try {
      isUs = new URL(url).hostname.toLowerCase() === US_HOST;
    } catch {
      isUs = false;
    }
    if (parsedUrls.size >= MOST_PARSED_URLS) parsedUrls.clear();
    parsedUrls.set(url, isUs);
  }
  return isUs;
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
