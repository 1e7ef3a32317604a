import { packageProject } from '../../vitest.shared';

export default packageProject('dashboard', {
  test: {
    // The page's assets are built from src/client/ first; the browser test needs them.
    globalSetup: ['./test/build-client-assets.ts'],
  },
});
