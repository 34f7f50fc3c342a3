/**
 * Group commit for the busy write paths: calls made while a batch is running wait and go
 * together into the next batch, which stores them with a few set-based statements in one
 * transaction. On a server each statement is a round trip to the database and each commit a
 * flush of its log; N concurrent lodgements then cost one round of statements instead of N.
 * Nothing waits on a timer: with no batch running, a call starts one as soon as the event loop
 * has run what is ready (`setImmediate`), so that requests that reach this point together go
 * together, a lone request is as quick as before, and batches grow only with the load.
 */

export interface Batcher<I, O> {
  /** Runs `item` in the next batch and resolves with its own result (or rejects with its own error). */
  run(item: I): Promise<O>;
}

export interface BatcherOptions<I> {
  /** The most items one batch takes; the rest wait for the next. Default 64. */
  readonly maxItems?: number;
  /**
   * An item's weight (rows it writes, say) and the most weight one batch takes, so that a batch
   * stays within the bounds of one statement; an item heavier than that goes alone. Default: none.
   */
  readonly weight?: (item: I) => number;
  readonly maxWeight?: number;
  /** Batches running at the same time. Default 1: writers that take one lock gain nothing from more. */
  readonly concurrency?: number;
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * `work` receives the items of a batch in the order they were submitted and returns one result
 * per item, in the same order. When a batch of several items throws, each of them is run again
 * alone, so that one faulty item fails its own call and not the others' (the batch's transaction
 * rolled back whole, so running them again stores nothing twice).
 */
export function createBatcher<I, O>(
  work: (items: readonly I[]) => Promise<readonly O[]>,
  options: BatcherOptions<I> = {},
): Batcher<I, O> {
  const maxItems = options.maxItems ?? 64;
  const concurrency = options.concurrency ?? 1;
  const { weight, maxWeight = Infinity } = options;
  const queue: Waiting<I, O>[] = [];
  let running = 0;
  let scheduled = false;

  /** The next batch: up to `maxItems` and `maxWeight`, at least one item. */
  const take = (): Waiting<I, O>[] => {
    let count = 0;
    let total = 0;
    while (count < queue.length && count < maxItems) {
      const next = weight ? weight((queue[count] as Waiting<I, O>).item) : 0;
      if (count > 0 && total + next > maxWeight) break;
      total += next;
      count += 1;
    }
    return queue.splice(0, count);
  };

  const settle = async (batch: readonly Waiting<I, O>[]): Promise<void> => {
    try {
      const results = await work(batch.map((waiting) => waiting.item));
      if (results.length !== batch.length) {
        throw new Error(`A batch of ${String(batch.length)} gave ${String(results.length)} results`);
      }
      batch.forEach((waiting, index) => {
        waiting.resolve(results[index] as O);
      });
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const waiting of batch) await settle([waiting]);
    }
  };

  const pump = (): void => {
    scheduled = false;
    while (running < concurrency && queue.length > 0) {
      const batch = take();
      running += 1;
      void settle(batch).finally(() => {
        running -= 1;
        schedule();
      });
    }
  };

  const schedule = (): void => {
    if (scheduled || running >= concurrency || queue.length === 0) return;
    scheduled = true;
    setImmediate(pump);
  };

  return {
    run(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}
