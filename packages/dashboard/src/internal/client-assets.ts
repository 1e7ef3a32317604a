import { readFile } from 'node:fs/promises';
import { WattLensError } from '@wattlens/core';

/** The page's script and style sheet, built by `tsup.client.config.ts` into `dist/client/`. */
export interface ClientAssets {
  readonly script: Buffer;
  readonly styles: Buffer;
}

/**
 * Where the built page assets may be, relative to this module: next to the bundle in `dist/`
 * (the published package), or in `dist/` seen from `src/internal/` (running from the sources,
 * as the workspace's tests do).
 */
const CANDIDATES = ['./client/', '../../dist/client/'];

let loading: Promise<ClientAssets> | undefined;

async function load(): Promise<ClientAssets> {
  for (const candidate of CANDIDATES) {
    const directory = new URL(candidate, import.meta.url);
    try {
      const [script, styles] = await Promise.all([readFile(new URL('app.js', directory)), readFile(new URL('app.css', directory))]);
      return { script, styles };
    } catch {
      // Try the next place.
    }
  }
  throw new WattLensError({
    code: 'dashboard-assets-missing',
    message: 'The dashboard page\'s script and style sheet (dist/client/app.js, app.css) are missing: '
      + 'build the package first with `pnpm --filter @wattlens/dashboard build`.',
  });
}

/**
 * Reads the page assets once per process.
 *
 * @returns The script and style sheet.
 * @throws {WattLensError} `dashboard-assets-missing` when the package was not built.
 */
export function loadClientAssets(): Promise<ClientAssets> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
