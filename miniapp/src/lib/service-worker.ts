/**
 * Registers /sw.js (built by scripts/service-worker.ts) so the app shell opens without a signal.
 * Production builds only; a WebView without service workers simply needs the network to open.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
