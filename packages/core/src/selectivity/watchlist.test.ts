import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anEntry, aWatchlist } from './selectivity-factories.ts';
import { compileWatchlist } from './watchlist.ts';

const t = (instant: string) => Date.parse(instant);

describe('watchlist membership', () => {
  it('follows each entry’s validity, including a value listed again later', () => {
    const list = compileWatchlist(
      aWatchlist({
        entries: [
          anEntry('IMP1', { validFrom: '2026-01-01T00:00:00Z', validTo: '2026-02-01T00:00:00Z' }),
          anEntry('IMP1', { validFrom: '2026-03-01T00:00:00Z' }),
        ],
      }),
    );
    assert.equal(list.has('IMP1', t('2025-12-31T23:59:59Z')), false);
    assert.equal(list.has('IMP1', t('2026-01-15T00:00:00Z')), true);
    assert.equal(list.has('IMP1', t('2026-02-01T00:00:00Z')), false);
    assert.equal(list.has('IMP1', t('2026-03-01T00:00:00Z')), true);
    assert.equal(list.has('IMP1', t('2030-01-01T00:00:00Z')), true);
    assert.equal(list.has('IMP2', t('2026-03-01T00:00:00Z')), false);
    assert.deepEqual(list.values, ['IMP1']);
  });

  it('tariff-line lists match any line that starts with a listed prefix valid at the date', () => {
    const list = compileWatchlist(
      aWatchlist({
        kind: 'tariff_line',
        entries: [anEntry('87'), anEntry('2402', { validTo: '2026-03-01T00:00:00Z' }), anEntry('24022000')],
      }),
    );
    const march = t('2026-03-15T00:00:00Z');
    assert.equal(list.has('8703231900', march), true);
    assert.equal(list.has('2402100000', march), false, '2402 expired');
    assert.equal(list.has('2402100000', t('2026-02-15T00:00:00Z')), true);
    assert.equal(list.has('2402200000', march), true, 'the longer prefix is still valid');
    assert.equal(list.has('8', march), false);
    assert.equal(list.has('0303890000', march), false);
  });

  it('seller lists compare names case- and accent-insensitively', () => {
    const list = compileWatchlist(
      aWatchlist({ kind: 'seller', entries: [anEntry('Société Générale de Négoce')] }),
    );
    assert.equal(list.has('SOCIETE GENERALE DE NEGOCE', t('2026-03-01T00:00:00Z')), true);
    assert.equal(list.has('Societe Generale', t('2026-03-01T00:00:00Z')), false);
  });
});
