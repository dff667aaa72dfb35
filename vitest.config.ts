import { defineConfig } from 'vitest/config';

// Two suites: fast unit tests (engine, projects, main, renderer store) and end-to-end tests in Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/{engine,projects,main,renderer}/**/*.test.ts'],
          environment: 'node',
          // Two files at a time even on 2 cores (vitest's default is cores − 1): the suite spends much of its time
          // waiting on child processes and worker threads, and it must hold up under load anyway.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // expect.poll's 1 s default is missed on a loaded machine; a wait that ends early costs nothing.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 180_000,
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
