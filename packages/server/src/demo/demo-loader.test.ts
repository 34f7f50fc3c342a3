import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateDemoAdministration } from '@anticipa/core';
import { seededRandom } from '../shared/seeded-random.ts';
import { createTestAnticipa, type TestAnticipa } from '../test-support/test-anticipa.ts';
import { loadDemoAdministration } from './demo-loader.ts';

describe('demo administration', () => {
  let t: TestAnticipa;
  before(async () => {
    t = await createTestAnticipa();
  });
  after(() => t.close());

  /** Every stored declaration's event types (sorted), by sender and reference. */
  async function storedHistories(): Promise<Map<string, string[]>> {
    const histories = new Map<string, string[]>();
    let cursor: string | undefined;
    do {
      const page = await t.declarations.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      assert.ok(page.ok);
      for (const file of page.value.items) {
        const timeline = await t.declarations.timeline(file.id);
        assert.ok(timeline.ok);
        histories.set(`${file.sender}/${file.reference}`, timeline.value.map((event) => event.type).sort());
      }
      cursor = page.value.nextCursor ?? undefined;
    } while (cursor);
    return histories;
  }

  it('stores every generated declaration with its whole history, once however often it is loaded', async () => {
    const options = { now: new Date('2026-03-01T08:00:00Z'), seed: 7, declarations: 120, days: 20 };
    const first = await loadDemoAdministration(t, options);
    assert.deepEqual(first.rejected, []);
    assert.equal(first.declarations, 120);

    const demo = generateDemoAdministration({
      random: seededRandom(options.seed),
      now: options.now,
      subheadings: t.nomenclature.subheadings(),
      declarations: options.declarations,
      days: options.days,
    });
    const histories = await storedHistories();
    assert.equal(histories.size, demo.declarations.length);
    for (const declaration of demo.declarations) {
      const key = `${declaration.document.sender}/${declaration.document.reference}`;
      // A declaration's own events, and the arrival of the ship carrying it when it has arrived.
      const own = (histories.get(key) ?? []).filter(
        (type) => type !== 'means_arrived' && type !== 'manifest_registered',
      );
      assert.deepEqual(own, ['lodged', ...declaration.events.map((event) => event.type)].sort(), key);
    }

    const again = await loadDemoAdministration(t, options);
    assert.deepEqual(again.rejected, []);
    assert.deepEqual(await storedHistories(), histories);
  });
});
