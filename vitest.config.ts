import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'scripts/**/*.test.ts', 'systemd/**/*.test.ts', 'appliance/**/*.test.ts'],
    globalSetup: ['app/testing/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
