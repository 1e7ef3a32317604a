import { packageProject } from '../../vitest.shared';

export default packageProject('robustness', {
  test: {
    // The dashboard serves its page from built assets: build them first, as the dashboard's own tests do.
    globalSetup: ['../../packages/dashboard/test/build-client-assets.ts'],
    // Load and fuzz runs take seconds, not milliseconds; each bounds its own runs more tightly.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
