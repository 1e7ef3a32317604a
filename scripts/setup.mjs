// Installs every dependency (from the lock file) and builds every package.
// Used by both README commands; safe to run again.
import { pnpm } from './pnpm.mjs';

pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
pnpm(['-r', '--filter', './packages/**', 'build']);
