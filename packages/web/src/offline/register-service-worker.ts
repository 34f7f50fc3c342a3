/**
 * Registers the service worker of the built application (offline first load: shell-cache.ts).
 * Not in development, where Vite serves files that change at every save. A browser without
 * service workers, or one that refuses it, runs the application as before, online.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
