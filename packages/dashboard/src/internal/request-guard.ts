import { isIP } from 'node:net';

/** Host names that always mean this machine. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Whether a listening address is on the loopback interface (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  return LOOPBACK_NAMES.has(name) || (isIP(name) === 4 && name.startsWith('127.'));
}

/** What a request must look like to be served. */
export interface RequestGuardOptions {
  /** The port the dashboard listens on. */
  readonly port: number;
  /** The address it listens on. */
  readonly host: string;
  /** Whether it was allowed to listen beyond loopback: IP literals are then accepted in `Host`. */
  readonly allowRemote: boolean;
  /** More host names accepted in `Host` (a machine name, a reverse proxy's). */
  readonly allowedHosts: readonly string[];
}

/** Why a request is refused, or `undefined` when it may be served. */
export type Refusal = 'host' | 'origin' | undefined;

/** Splits a `Host` header into its name (IPv6 brackets kept) and port. */
function splitHost(header: string): { readonly name: string; readonly port: string | undefined } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(header);
  if (match === null) return { name: '', port: undefined };
  return { name: (match[1] ?? '').toLowerCase(), port: match[2] };
}

/**
 * Decides whether a request may be served, before anything else is done with it:
 *
 * - the `Host` header must name this machine (DNS rebinding: a page of another site whose name
 *   was re-pointed to 127.0.0.1 sends its own name), on this port;
 * - a request from a page of another origin is refused: an `Origin` header that is not this
 *   dashboard's, or `Sec-Fetch-Site` other than `same-origin` or `none` (typed in the address bar).
 *
 * @param headers - The request's headers, as Node gives them.
 * @param options - Where the dashboard listens.
 * @returns `undefined` to serve the request, or what is wrong with it.
 */
export function checkRequest(headers: Readonly<Record<string, string | string[] | undefined>>, options: RequestGuardOptions): Refusal {
  const host = headers['host'];
  if (typeof host !== 'string') return 'host';
  const { name, port } = splitHost(host.trim());
  if (name === '') return 'host';
  if ((port === undefined ? 80 : Number(port)) !== options.port) return 'host';
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  const accepted = LOOPBACK_NAMES.has(name)
    || (isIP(bare) === 4 && bare.startsWith('127.'))
    || bare === options.host.toLowerCase()
    || options.allowedHosts.some((allowed) => allowed.toLowerCase() === name || allowed.toLowerCase() === bare)
    // An IP literal cannot be re-pointed by DNS; accepted once the dashboard listens beyond loopback.
    || (options.allowRemote && isIP(bare) !== 0);
  if (!accepted) return 'host';

  const origin = headers['origin'];
  if (origin !== undefined && (Array.isArray(origin) || origin.toLowerCase() !== `http://${host.trim().toLowerCase()}`)) return 'origin';
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'origin';
  return undefined;
}
