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
          // Each file builds its own app on its own database, and none mocks a module, so the workers
          // keep the imported modules between files: importing the server anew for each of 80 files
          // was over a third of the run.
          isolate: false,
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
          setupFiles: ['./test/setup.ts'],
          // Rendering in jsdom is CPU-bound; a busy CI machine must not turn a slow render into a failure.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
