import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'conformance/**/*.test.ts', 'simulator/**/*.test.ts', 'generators/**/*.test.ts', 'reports/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // CLI tests spawn bin/sskdt-lab.mjs: make it run the TypeScript sources through tsx, never a possibly
    // stale dist/ (test/package.test.ts builds and packs dist/ itself).
    env: { SSKDT_LAB_FROM_SOURCE: '1' },
  },
});
