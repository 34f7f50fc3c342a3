/**
 * The service worker (built to /sw.js by the `appShell` plugin of vite.config.ts): keeps the
 * app shell so that the application, the inspector's screen above all, opens with no network
 * once visited. Its rules are in shell-cache.ts; this file wires them to the worker's events.
 * The build writes the list of built files in place of the marker below.
 */
import { cacheNameOf, isStaleShell, shellKey, shellUrls, strategyFor } from './shell-cache.ts';

/** The parts of the worker's global scope used here (the DOM library does not declare them). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const files = JSON.parse('__ANTICIPA_SHELL_FILES__') as string[];
const cacheName = cacheNameOf(files);
/** A page load waits this long for the network before the kept page is shown (a network that hangs). */
const networkWait = 4000;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(shellUrls(files)))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => isStaleShell(name, cacheName)).map((name) => caches.delete(name))),
      )
      .then(() => worker.clients.claim()),
  );
});

/** The page from the network, kept for next time; the kept one when the network fails or hangs. */
async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(cacheName);
  const fromNetwork = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(shellKey, response.clone());
    return response;
  });
  // Handled here too, so that a network failing after the kept page was shown is no uncaught error.
  fromNetwork.catch(() => undefined);
  const late = new Promise<null>((resolve) => {
    setTimeout(() => {
      resolve(null);
    }, networkWait);
  });
  try {
    const first = await Promise.race([fromNetwork, late]);
    if (first) return first;
  } catch {
    // No network: the kept page below.
  }
  const kept = await cache.match(shellKey);
  return kept ?? fromNetwork;
}

/** A built file from the cache, else from the network (then kept). */
async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(cacheName);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

worker.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request, worker.location.origin);
  if (strategy === 'shell') event.respondWith(shell(event.request));
  else if (strategy === 'asset') event.respondWith(asset(event.request));
});
