import type { UserWorkspaceConfig } from 'vitest/config';
import { packageProject } from '../../vitest.shared';

// @opentelemetry/api maps the `module` export condition to a bundler-only ESM build (extensionless
// imports) that Node cannot load; resolve packages the way Node does, keeping WattLens sources.
const conditions = ['wattlens-source', 'import', 'node', 'default'];
const base = packageProject('opentelemetry', { test: { testTimeout: 30_000, hookTimeout: 30_000 } });

const config: UserWorkspaceConfig = {
  ...base,
  resolve: { ...base.resolve, conditions },
  ssr: { ...base.ssr, resolve: { ...base.ssr?.resolve, conditions, externalConditions: conditions } },
};

export default config;
