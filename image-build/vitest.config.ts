import { defineConfig } from 'vitest/config';

// `npm run test:image` only: builds and boots root file systems (minutes to tens of minutes), as root.
export default defineConfig({
  test: {
    include: ['image-build/**/*.test.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 40 * 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
