// The service worker's rules: page loads from the network with the kept page as fallback, built
// files from the cache, the API never; one cache per build, the old ones dropped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheNameOf, isStaleShell, shellUrls, strategyFor } from '../src/offline/shell-cache.ts';

const origin = 'https://anticipa.example';
const get = (path: string, mode = 'cors') => ({ method: 'GET', mode, url: `${origin}${path}` });

describe('app shell cache', () => {
  it('answers page loads as the shell, built files as assets, and leaves the rest to the network', () => {
    assert.equal(strategyFor(get('/?lang=fr', 'navigate'), origin), 'shell');
    assert.equal(strategyFor(get('/assets/index-Uka73PkC.js', 'no-cors'), origin), 'asset');
    assert.equal(strategyFor(get('/api/offices/SNDKR1/plan?day=2026-03-10'), origin), 'network');
    assert.equal(strategyFor(get('/api/declarations', 'navigate'), origin), 'network');
    assert.equal(strategyFor(get('/docs', 'navigate'), origin), 'network');
    assert.equal(strategyFor({ ...get('/assets/x.js'), method: 'POST' }, origin), 'network');
    assert.equal(
      strategyFor({ method: 'GET', mode: 'cors', url: 'https://cdn.example/assets/x.js' }, origin),
      'network',
    );
  });

  it('names one cache per build, whatever the order of its files, and drops the others', () => {
    const build = ['assets/index-A9plt6FD.css', 'assets/index-Uka73PkC.js'];
    const name = cacheNameOf(build);
    assert.match(name, /^anticipa-shell-[0-9a-f]{8}$/);
    assert.equal(cacheNameOf([...build].reverse()), name);
    const next = cacheNameOf(['assets/index-A9plt6FD.css', 'assets/index-Zz00000.js']);
    assert.notEqual(next, name);
    assert.equal(isStaleShell(name, next), true);
    assert.equal(isStaleShell(next, next), false);
    assert.equal(isStaleShell('photos', next), false, 'another cache of the origin is left alone');
  });

  it('keeps the page under / and the built files, not their source maps', () => {
    assert.deepEqual(shellUrls(['assets/a.js', 'assets/a.js.map', 'assets/b.css', 'index.html']), [
      '/',
      '/assets/a.js',
      '/assets/b.css',
    ]);
  });
});
