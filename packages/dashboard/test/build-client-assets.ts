// Builds the page's script and style sheet (dist/client/app.js, app.css) before the tests run, so
// that the dashboard served from the TypeScript sources has its page without a prior `pnpm build`.
// Used as a vitest globalSetup; safe when several test runs build at once (each file is renamed
// into place whole).
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { clientBuild } from '../tsup.client.config';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));

/** Builds dist/client/ from src/client/. */
export async function buildClientAssets(): Promise<void> {
  const target = join(packageDirectory, 'dist', 'client');
  const staging = join(packageDirectory, 'dist', `.client-${process.pid}-${Date.now()}`);
  try {
    await build({
      ...clientBuild,
      entry: { app: join(packageDirectory, 'src', 'client', 'main.ts') },
      outDir: staging,
      tsconfig: join(packageDirectory, 'tsconfig.json'),
      silent: true,
    });
    await mkdir(target, { recursive: true });
    for (const file of await readdir(staging)) await rename(join(staging, file), join(target, file));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export default async function setup(): Promise<void> {
  await buildClientAssets();
}
