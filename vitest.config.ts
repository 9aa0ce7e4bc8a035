import { defineConfig } from 'vitest/config';

// One runner for the whole repository; each workspace is a project so files run in parallel.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'shared',
          root: './shared',
          include: ['test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'scripts',
          root: './scripts',
          include: ['test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'miniapp',
          root: './miniapp',
          include: ['test/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          // Rendering in jsdom is CPU-bound; a busy CI machine must not turn a slow render into a failure.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
