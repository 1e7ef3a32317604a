import { defineProject, mergeConfig, type UserWorkspaceConfig } from 'vitest/config';

/** Resolves `@wattlens/*` to their TypeScript sources, so tests never run against a stale build. */
const sourceConditions = ['wattlens-source', 'import', 'node', 'default'];

/** Shared vitest settings for every package of the workspace. */
export function packageProject(name: string, overrides: UserWorkspaceConfig = {}): UserWorkspaceConfig {
  return mergeConfig(
    defineProject({
      resolve: { conditions: sourceConditions },
      ssr: { resolve: { conditions: sourceConditions } },
      test: {
        name,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
      },
    }),
    overrides,
  );
}
