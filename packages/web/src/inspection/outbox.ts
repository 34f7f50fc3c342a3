/**
 * The inspector's outbox: results recorded on the phone wait here, in IndexedDB (photos make
 * them too large for localStorage), until the server has them. An entry leaves the `pending`
 * state only on the server's answer: 201 (recorded) or 200 (recorded before: a retry of a
 * submission whose answer was lost) make it `sent`; a refusal (4xx) makes it `refused`, kept
 * with the server's reason so that nothing is lost silently. Network failures and 5xx leave it
 * pending for the next try. The result id, chosen on the phone, makes a repeated send harmless
 * (the API is idempotent by it), and one flush at a time (a Web Lock across tabs where the
 * browser has them) keeps a phone from sending the same entry twice at once.
 */
import { postApi, type Problem } from '../api/api-client.ts';
import type { InspectionResultInput } from '../api/api-types.ts';

export type OutboxState = 'pending' | 'sent' | 'refused';

export interface OutboxEntry {
  readonly resultId: string;
  readonly declarationId: string;
  /** The file's reference, for the inspector's eyes. */
  readonly reference: string;
  /** The body to send; photos dropped once sent. */
  readonly body: InspectionResultInput;
  readonly state: OutboxState;
  readonly queuedAt: string;
  readonly attempts: number;
  readonly sentAt?: string;
  readonly problem?: Pick<Problem, 'status' | 'code' | 'detail'>;
}

const databaseName = 'anticipa-inspector';
const storeName = 'outbox';

function openOutbox(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(storeName, { keyPath: 'resultId' });
    };
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('IndexedDB refused'));
    };
  });
}

async function inStore<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const database = await openOutbox();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(storeName, mode);
      const request = work(transaction.objectStore(storeName));
      transaction.oncomplete = () => {
        resolve(request.result);
      };
      transaction.onerror = () => {
        reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      };
      transaction.onabort = () => {
        reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
      };
    });
  } finally {
    database.close();
  }
}

/** Every entry, oldest first. */
export async function readOutbox(): Promise<OutboxEntry[]> {
  const entries = await inStore('readonly', (store) => store.getAll() as IDBRequest<OutboxEntry[]>);
  return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

const put = (entry: OutboxEntry) => inStore('readwrite', (store) => store.put(entry));

/** Keeps a result on the phone; resolves once it is stored (it survives a reload from then on). */
export async function enqueueResult(entry: {
  readonly declarationId: string;
  readonly reference: string;
  readonly body: InspectionResultInput;
  readonly queuedAt: string;
}): Promise<void> {
  await put({ ...entry, resultId: entry.body.resultId, state: 'pending', attempts: 0 });
}

/** Forgets the entries already sent (the server keeps them). */
export async function clearSent(): Promise<void> {
  for (const entry of await readOutbox()) {
    if (entry.state === 'sent') await inStore('readwrite', (store) => store.delete(entry.resultId));
  }
}

let flushing: Promise<void> = Promise.resolve();

async function sendPending(): Promise<void> {
  for (const entry of await readOutbox()) {
    if (entry.state !== 'pending') continue;
    const answer = await postApi<unknown>(
      `/api/declarations/${encodeURIComponent(entry.declarationId)}/inspection-result`,
      entry.body,
    );
    const attempts = entry.attempts + 1;
    if (answer.ok) {
      // 201 recorded now, 200 recorded by an earlier try whose answer never came back.
      const { photos: _sentPhotos, ...withoutPhotos } = entry.body;
      await put({
        ...entry,
        body: withoutPhotos,
        state: 'sent',
        attempts,
        sentAt: new Date().toISOString(),
      });
      continue;
    }
    const { status, code, detail } = answer.problem;
    // Kept for later: no network, a server error, or no session yet (the inspector signs in again).
    const unsigned = status === 401 || (status === 403 && code === 'CSRF_TOKEN_INVALID');
    if (status === 0 || status >= 500 || status === 408 || status === 429 || unsigned) {
      // Out of reach or busy: stop here, the next try takes the rest in order.
      await put({ ...entry, attempts });
      return;
    }
    await put({ ...entry, state: 'refused', attempts, problem: { status, code, detail } });
  }
}

/**
 * Sends the pending results, one flush at a time (calls made during a flush wait for it and
 * then flush again). Never throws: an entry that cannot go now stays pending.
 */
export function flushOutbox(): Promise<void> {
  const run = async () => {
    try {
      if ('locks' in navigator) {
        await navigator.locks.request('anticipa-outbox', sendPending);
      } else {
        await sendPending();
      }
    } catch {
      // Storage unavailable or aborted: the entries stay as they were, for the next try.
    }
  };
  flushing = flushing.then(run, run);
  return flushing;
}
