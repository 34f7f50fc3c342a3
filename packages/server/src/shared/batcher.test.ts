import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBatcher } from './batcher.ts';

/** A promise and the function that resolves it, to hold a batch open while others arrive. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('batches of concurrent calls', () => {
  it('runs the calls made together as one batch, and those made meanwhile as the next, each getting its own result', async () => {
    const batches: number[][] = [];
    const first = gate();
    const batcher = createBatcher(async (items: readonly number[]) => {
      batches.push([...items]);
      if (batches.length === 1) await first.opened;
      return items.map((item) => item * 10);
    });
    const together = [batcher.run(1), batcher.run(2)];
    // Wait until the first batch runs, then call while it is held open.
    while (batches.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const meanwhile = [batcher.run(3), batcher.run(4), batcher.run(5)];
    first.open();
    assert.deepEqual(await Promise.all([...together, ...meanwhile]), [10, 20, 30, 40, 50]);
    assert.deepEqual(batches, [
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('keeps a batch within its item count and weight, sending an item heavier than the limit alone', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher(
      (items: readonly number[]) => {
        batches.push([...items]);
        return Promise.resolve(items);
      },
      { maxItems: 3, weight: (item) => item, maxWeight: 10 },
    );
    await Promise.all([1, 2, 3, 4, 5, 6, 20, 1].map((item) => batcher.run(item)));
    assert.deepEqual(batches, [[1, 2, 3], [4, 5], [6], [20], [1]]);
  });

  it('fails only the call whose item fails: the others of its batch are run again alone', async () => {
    const batches: string[][] = [];
    const batcher = createBatcher((items: readonly string[]) => {
      batches.push([...items]);
      if (items.includes('bad')) return Promise.reject(new Error('bad item'));
      return Promise.resolve(items.map((item) => item.toUpperCase()));
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((item) => batcher.run(item)));
    assert.deepEqual(
      results.map((result) =>
        result.status === 'fulfilled' ? result.value : (result.reason as Error).message,
      ),
      ['A', 'bad item', 'C'],
    );
    assert.deepEqual(batches, [['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('runs up to `concurrency` batches at once', async () => {
    let running = 0;
    let most = 0;
    const held = gate();
    const batcher = createBatcher(
      async (items: readonly number[]) => {
        running += 1;
        most = Math.max(most, running);
        await held.opened;
        running -= 1;
        return items;
      },
      { concurrency: 2, maxItems: 1 },
    );
    const calls = [1, 2, 3, 4].map((item) => batcher.run(item));
    while (running < 2) await new Promise((resolve) => setImmediate(resolve));
    held.open();
    assert.deepEqual(await Promise.all(calls), [1, 2, 3, 4]);
    assert.equal(most, 2);
  });
});
