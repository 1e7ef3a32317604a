// Runs every test suite: type checks, unit and integration tests (vitest), packed-package checks.
import { pnpm } from './pnpm.mjs';

pnpm(['-r', 'typecheck']);
pnpm(['exec', 'vitest', 'run']);
