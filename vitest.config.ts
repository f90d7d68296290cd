import { defineConfig } from 'vitest/config';

// In CI (.ci/run sets CI=true) vitest also writes its own JSON results, from which
// .ci/run prints the `tests: N passed, N failed` summary line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.artifacts/vitest-results.json' }]] : ['default'],
  },
});
