import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compressPlugin } from './scripts/compress';
import { serviceWorkerPlugin } from './scripts/service-worker';

const nodeModule = (names: string) => new RegExp(`[\\\\/]node_modules[\\\\/](${names})[\\\\/]`);

export default defineConfig({
  plugins: [react(), serviceWorkerPlugin(), compressPlugin()],
  resolve: {
    // antd-mobile's react-spring peer range makes npm nest a second React; the app must bundle exactly one.
    dedupe: ['react', 'react-dom'],
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    manifest: true,
    // DingTalk's in-app browser lags behind current Chrome/Safari on older phones.
    target: ['es2020', 'chrome87', 'safari14'],
    // No <link rel=modulepreload> for the entry's chunks nor for each lazy page's: on a slow link the
    // stylesheets the first paint waits for shared the bandwidth with a dozen preloads (first paint
    // 2.3 s → 1.3 s under Lighthouse's mobile profile without them), and adding a page's preload
    // links one by one cost the phone's main thread more than the round trip they save. The browser
    // still fetches a chunk's imports together: the bundler hoists them into each chunk.
    modulePreload: false,
    // One stylesheet for the whole app, in index.html: a lazy page then waits for no stylesheet of its
    // own, and the phone spends no main-thread time adding a <link> per component to <head> (Vite's
    // preload helper: about a fifth of the first signed-in screen's router start-up in a trace).
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks for libraries every screen needs. antd-mobile is left to automatic
        // splitting: its barrel would otherwise drag components only lazy pages use into the first load.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: nodeModule('react|react-dom|scheduler|react-router'),
              tags: ['$initial'],
              priority: 2,
            },
            { name: 'data', test: nodeModule('@tanstack|zod'), tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
});
