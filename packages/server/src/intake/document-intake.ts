/**
 * Intake of a kind of document (declaration or manifest): lodge, amend, read. The rules are
 * the same for both: a document is validated whole before anything is stored; sending the same
 * document again (same sender and reference, or the same Idempotency-Key) returns the original;
 * a different document under a used key or reference is a conflict; an amendment adds a version
 * and every version stays readable.
 */
import {
  appError,
  canonicalJson,
  err,
  ok,
  type AppError,
  type ErrorCode,
  type Problem,
  type Result,
  type SubjectType,
} from '@anticipa/core';
import type { DocumentHead, DocumentStore, InsertEntry, StoredVersion } from './document-store.ts';

export interface IntakeOptions {
  /** The Idempotency-Key the sender gave, if any. */
  readonly idempotencyKey?: string | undefined;
  /** When the document was lodged, for imports of historical files; the clock otherwise. */
  readonly at?: Date | undefined;
}

/**
 * A lodgement's options: the intake's, and how a new document is stored. `insert` stores it
 * together with what follows from it (its assessment, in one transaction), or hands it to
 * `alone`, the store's own insert; either says 'conflict' when its reference or key is taken.
 */
export interface LodgeOptions<D> extends IntakeOptions {
  readonly insert?: (
    entry: InsertEntry<D>,
    alone: (entry: InsertEntry<D>) => Promise<'inserted' | 'conflict'>,
  ) => Promise<'inserted' | 'conflict'>;
}

export type LodgeOutcome = 'created' | 'replayed';
export type AmendOutcome = 'amended' | 'unchanged' | 'replayed';

export interface DocumentView<D> {
  readonly head: DocumentHead;
  readonly document: D;
  readonly versions: readonly Omit<StoredVersion<D>, 'document'>[];
}

/**
 * What a lodgement or an amendment did. `document` is the document as this call stored it
 * (created, amended), so that what follows (the assessment) need not read it back; a replay
 * or an unchanged amendment stored nothing and carries none.
 */
export interface IntakeResult<O, D> {
  readonly outcome: O;
  readonly head: DocumentHead;
  readonly document?: D;
}

export interface DocumentIntake<D> {
  lodge(input: unknown, options?: LodgeOptions<D>): Promise<Result<IntakeResult<LodgeOutcome, D>, AppError>>;
  amend(
    id: string,
    input: unknown,
    options?: IntakeOptions,
  ): Promise<Result<IntakeResult<AmendOutcome, D>, AppError>>;
  get(id: string): Promise<Result<DocumentView<D>, AppError>>;
  getVersion(id: string, version: number): Promise<Result<StoredVersion<D>, AppError>>;
}

export interface DocumentIntakeDeps<D extends { sender: string; reference: string }> {
  readonly store: DocumentStore<D>;
  readonly parse: (input: unknown) => Result<D, Problem[]>;
  readonly clock: () => Date;
  readonly newId: () => string;
  /** A collision-resistant hash of a text (SHA-256 in the server). */
  readonly hash: (text: string) => string;
  readonly initialStatus: string;
  readonly notFound: ErrorCode;
  readonly versionNotFound: ErrorCode;
}

const attempts = 3;

export function createDocumentIntake<D extends { sender: string; reference: string }>(
  deps: DocumentIntakeDeps<D>,
): DocumentIntake<D> {
  const { store } = deps;
  const subject: SubjectType = store.subject;

  const validate = (input: unknown): Result<{ document: D; hash: string }, AppError> => {
    const parsed = deps.parse(input);
    if (!parsed.ok) return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
    return ok({ document: parsed.value, hash: deps.hash(canonicalJson(parsed.value)) });
  };

  /** The head a used key points to, or a conflict when the key served another document. */
  const replayKey = async (
    key: string | undefined,
    hash: string,
  ): Promise<Result<DocumentHead, AppError> | undefined> => {
    if (key === undefined) return undefined;
    const used = await store.findIdempotencyKey(key);
    if (!used) return undefined;
    if (used.requestHash !== hash || used.resourceType !== subject)
      return err(appError('IDEMPOTENCY_KEY_REUSED', { key }));
    const head = await store.findHead(used.resourceId);
    return head ? ok(head) : err(appError(deps.notFound, { id: used.resourceId }));
  };

  /** What a used key or reference makes of a lodgement: a replay, a conflict, or nothing (free again). */
  const lodgedBefore = async (
    document: D,
    hash: string,
    key: string | undefined,
  ): Promise<Result<IntakeResult<LodgeOutcome, D>, AppError> | undefined> => {
    const replayed = await replayKey(key, hash);
    if (replayed) return replayed.ok ? ok({ outcome: 'replayed', head: replayed.value }) : replayed;
    const existing = await store.findHeadByReference(document.sender, document.reference);
    if (!existing) return undefined;
    if (await isKnownContent(store, existing, hash)) return ok({ outcome: 'replayed', head: existing });
    return err(
      appError('REFERENCE_IN_USE', {
        sender: document.sender,
        reference: document.reference,
        id: existing.id,
      }),
    );
  };

  // The insert comes first: most lodgements are new, and a unique reference and key make the
  // database itself say when one is not; only then is the earlier lodgement read.
  const lodge: DocumentIntake<D>['lodge'] = async (input, options = {}) => {
    const valid = validate(input);
    if (!valid.ok) return valid;
    const { document, hash } = valid.value;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const at = options.at ?? deps.clock();
      const head: DocumentHead = {
        id: deps.newId(),
        sender: document.sender,
        reference: document.reference,
        status: deps.initialStatus,
        currentVersion: 1,
        contentHash: hash,
        lodgedAt: at,
        updatedAt: at,
      };
      const entry = { head, document, idempotencyKey: options.idempotencyKey };
      const stored = options.insert
        ? await options.insert(entry, (alone) => store.insert(alone))
        : await store.insert(entry);
      if (stored === 'inserted') {
        return ok({ outcome: 'created', head, document });
      }
      const before = await lodgedBefore(document, hash, options.idempotencyKey);
      if (before) return before;
      // The request that held the reference or key rolled back meanwhile: try again.
    }
    throw new Error(
      `Lodging ${subject} ${document.sender}/${document.reference} kept conflicting after ${attempts} attempts`,
    );
  };

  const amend: DocumentIntake<D>['amend'] = async (id, input, options = {}) => {
    const valid = validate(input);
    if (!valid.ok) return valid;
    const { document, hash } = valid.value;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const replayed = await replayKey(options.idempotencyKey, hash);
      if (replayed) {
        if (!replayed.ok) return replayed;
        if (replayed.value.id !== id)
          return err(appError('IDEMPOTENCY_KEY_REUSED', { key: options.idempotencyKey ?? '' }));
        return ok({ outcome: 'replayed', head: replayed.value });
      }
      const current = await store.findHead(id);
      if (!current) return err(appError(deps.notFound, { id }));
      if (current.sender !== document.sender || current.reference !== document.reference) {
        return err(
          appError('AMENDMENT_IDENTITY_CHANGED', { sender: current.sender, reference: current.reference }),
        );
      }
      if (current.contentHash === hash) return ok({ outcome: 'unchanged', head: current });
      const at = options.at ?? deps.clock();
      const head: DocumentHead = {
        ...current,
        currentVersion: current.currentVersion + 1,
        contentHash: hash,
        updatedAt: at,
      };
      if (
        (await store.appendVersion({ head, document, idempotencyKey: options.idempotencyKey })) === 'appended'
      ) {
        return ok({ outcome: 'amended', head, document });
      }
    }
    throw new Error(`Amending ${subject} ${id} kept conflicting after ${attempts} attempts`);
  };

  return {
    lodge,
    amend,
    async get(id) {
      const stored = await store.read(id);
      if (!stored) return err(appError(deps.notFound, { id }));
      const { head, document, versions } = stored;
      if (document === undefined) {
        return err(appError(deps.versionNotFound, { id, version: head.currentVersion }));
      }
      return ok({ head, document, versions });
    },
    async getVersion(id, version) {
      const head = await store.findHead(id);
      if (!head) return err(appError(deps.notFound, { id }));
      const stored = await store.version(id, version);
      return stored ? ok(stored) : err(appError(deps.versionNotFound, { id, version }));
    },
  };
}

/** True when a hash is that of the document's current or first version (a resubmission of it). */
async function isKnownContent<D>(
  store: DocumentStore<D>,
  head: DocumentHead,
  hash: string,
): Promise<boolean> {
  if (head.contentHash === hash) return true;
  const versions = await store.versions(head.id);
  return versions.some((version) => version.contentHash === hash);
}
