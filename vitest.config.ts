import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker; the CLI tests spend most of their time
    // waiting on child processes, so three files at a time finish in about half the time.
    maxWorkers: 3,
  },
});
