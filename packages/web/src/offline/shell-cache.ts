/**
 * What the service worker keeps so that the application opens with no network once visited
 * (the inspector on the quay): the page and the built files it loads, the "app shell". Pure:
 * which requests it answers and how, and the cache's name for a build.
 *
 * - A page load (navigation) goes to the network first, so that a new build reaches users at
 *   once, and falls back to the kept page when the network fails or hangs.
 * - A built file (`/assets/`, named by its content's hash, so never changed) comes from the
 *   cache first.
 * - Everything else, the API above all, is left to the network: its answers are data, which
 *   the screens keep themselves where they must (the inspector's day plan, the outbox).
 */

export type Strategy = 'shell' | 'asset' | 'network';

/** The request's parts the choice depends on (a Request has them). */
export interface RequestLike {
  readonly method: string;
  readonly mode: string;
  readonly url: string;
}

/** How the service worker answers a request from a page at `origin`. */
export function strategyFor(request: RequestLike, origin: string): Strategy {
  if (request.method !== 'GET') return 'network';
  const url = new URL(request.url);
  if (url.origin !== origin) return 'network';
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/docs')) return 'network';
  if (request.mode === 'navigate') return 'shell';
  if (url.pathname.startsWith('/assets/')) return 'asset';
  return 'network';
}

/** The key the page is kept under, whatever its query (`?lang=en`) or hash. */
export const shellKey = '/';

const prefix = 'anticipa-shell-';

/**
 * The cache of one build, named after its files (their names carry their content's hash), so
 * that a new build fills a new cache and the old one is dropped once the new worker runs.
 */
export function cacheNameOf(files: readonly string[]): string {
  // FNV-1a over the sorted names: short, stable, enough to tell builds apart.
  let hash = 0x811c9dc5;
  for (const char of [...files].sort().join('\n')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${prefix}${hash.toString(16).padStart(8, '0')}`;
}

/** Whether a cache is an app shell of another build, to delete. */
export const isStaleShell = (name: string, current: string): boolean =>
  name.startsWith(prefix) && name !== current;

/** The URLs to keep at install: the page and each built file the bundle lists (source maps aside). */
export function shellUrls(files: readonly string[]): string[] {
  return [
    shellKey,
    ...files.filter((file) => !file.endsWith('.map') && file !== 'index.html').map((file) => `/${file}`),
  ];
}
