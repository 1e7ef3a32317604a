// Runs every test suite: type checks, unit and integration tests (vitest), end-to-end tests in
// headless Chromium and against Prometheus (their Debian packages are installed first when missing),
// then publint and Are the Types Wrong on every published package.
import { ensureSystemPackages } from './system-deps.mjs';
import { pnpm } from './pnpm.mjs';

const missing = ensureSystemPackages();
if (missing.length > 0 && process.env.CI === 'true') {
  console.error(`CI needs ${missing.join(', ')}; installing them failed.`);
  process.exit(1);
}
pnpm(['-r', 'typecheck']);
pnpm(['exec', 'vitest', 'run']);
pnpm(['exec', 'node', 'scripts/check-packages.mjs']);
