import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). Browser end-to-end tests run separately: scripts/e2e.mjs.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
