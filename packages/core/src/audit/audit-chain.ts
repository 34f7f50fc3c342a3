/**
 * The audit trail as a hash chain: every change (who, when, what, on which subject, before and
 * after) is an entry whose hash covers the hash of the entry before it, so that editing,
 * inserting, deleting or reordering an entry breaks the chain where it happened. The hash
 * function is passed in (SHA-256 in the server): the core has no crypto and no I/O of its own.
 *
 * hash(entry n) = H(hash(entry n-1) + canonicalJson(entry n without its hashes)); the first
 * entry follows `genesisHash`. Keeping the head hash elsewhere (it is exported daily) also
 * catches a chain rewritten from some entry to its end.
 */
import { canonicalJson } from '../shared/canonical-json.ts';

/** A JSON value as stored in `before` and `after`. */
export type AuditJson = null | boolean | number | string | AuditJson[] | { [key: string]: AuditJson };

/** The hash the first entry follows: 64 zeros (the length of a SHA-256 in hex). */
export const genesisHash = '0'.repeat(64);

/** What an audited change says, before it takes its place in the chain. */
export interface AuditChange {
  /** Who made the change: an officer's name or code, a sender, or `system`. */
  readonly actor: string;
  /** What was done, as a stable dotted name: `valuation.decided`, `tariff.imported`... */
  readonly action: string;
  readonly subject: { readonly type: string; readonly id: string };
  /** The state before the change (null for a creation). */
  readonly before: AuditJson;
  /** The state after the change (null for a removal). */
  readonly after: AuditJson;
}

/** An entry of the chain, as stored. `at` is an ISO 8601 instant (UTC, milliseconds). */
export interface AuditEntry extends AuditChange {
  readonly sequence: number;
  readonly at: string;
  readonly previousHash: string;
  readonly hash: string;
}

/** The last entry of the chain: what is exported so that it can be kept elsewhere. */
export interface AuditHead {
  readonly sequence: number;
  readonly hash: string;
  readonly at: string;
}

export type HashFunction = (text: string) => string;

/** The text an entry's hash covers after the previous hash: its content, canonical JSON. */
export function canonicalAuditEntry(entry: Omit<AuditEntry, 'previousHash' | 'hash'>): string {
  return canonicalJson({
    sequence: entry.sequence,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: { type: entry.subject.type, id: entry.subject.id },
    before: entry.before,
    after: entry.after,
  });
}

/**
 * The entry that follows `head` (undefined: the chain is empty) for a change made at `at`.
 * Pure: the caller stores it, making sure no other entry took the same place meanwhile.
 */
export function chainEntry(
  head: Pick<AuditHead, 'sequence' | 'hash'> | undefined,
  change: AuditChange,
  at: Date,
  hash: HashFunction,
): AuditEntry {
  const content = {
    sequence: (head?.sequence ?? 0) + 1,
    at: at.toISOString(),
    actor: change.actor,
    action: change.action,
    subject: { type: change.subject.type, id: change.subject.id },
    before: change.before,
    after: change.after,
  };
  const previousHash = head?.hash ?? genesisHash;
  return { ...content, previousHash, hash: hash(previousHash + canonicalAuditEntry(content)) };
}

/**
 * Why the chain is broken, at the first entry where it is:
 * - `edited`: the entry's content no longer gives its hash;
 * - `deleted`: an entry is missing before this one (a gap in the sequence, or this entry follows
 *   an entry that is no longer there, or whose hash was rewritten);
 * - `inserted`: this entry is not part of the chain: the entry after it follows the one before it;
 * - `reordered`: this entry belongs elsewhere in the chain (it follows an entry stored later);
 * - `head_mismatch`: a head kept elsewhere is not in the chain (rewritten from there on).
 */
export type ChainFaultKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'head_mismatch';

export interface ChainFault {
  readonly kind: ChainFaultKind;
  /** The first sequence number at fault. */
  readonly sequence: number;
  /** For `reordered`: the sequence of the entry that belongs here, when found. */
  readonly expectedAt?: number;
}

export type ChainVerification =
  | { readonly intact: true; readonly entries: number; readonly head: AuditHead | null }
  | { readonly intact: false; readonly entries: number; readonly fault: ChainFault };

/**
 * Verifies a chain given in stored order (ascending sequence). Finds the first edited,
 * inserted, deleted or reordered entry and says which and how; `anchors` are heads kept
 * elsewhere (the daily exports): each must still be the entry at its sequence. Never throws.
 *
 * @example verifyChain(entries, sha256) // { intact: true, entries: 12, head: {...} }
 */
export function verifyChain(
  entries: readonly AuditEntry[],
  hash: HashFunction,
  anchors: readonly Pick<AuditHead, 'sequence' | 'hash'>[] = [],
): ChainVerification {
  const broken = (fault: ChainFault): ChainVerification => ({
    intact: false,
    entries: entries.length,
    fault,
  });
  const positionOfHash = new Map<string, number>();
  const positionOfPrevious = new Map<string, number>();
  entries.forEach((entry, position) => {
    positionOfHash.set(entry.hash, position);
    if (!positionOfPrevious.has(entry.previousHash)) positionOfPrevious.set(entry.previousHash, position);
  });
  let previousHash = genesisHash;
  for (let position = 0; position < entries.length; position++) {
    const entry = entries[position] as AuditEntry;
    const expectedSequence = position === 0 ? 1 : (entries[position - 1] as AuditEntry).sequence + 1;
    const next = entries[position + 1];
    // Where the entry that should come here (the one following `previousHash`) is stored.
    const successor = positionOfPrevious.get(previousHash);
    const successorLater = successor !== undefined && successor > position ? successor : undefined;
    if (entry.sequence !== expectedSequence) {
      if (successorLater !== undefined) {
        return broken({
          kind: 'reordered',
          sequence: expectedSequence,
          expectedAt: (entries[successorLater] as AuditEntry).sequence,
        });
      }
      return broken({ kind: 'deleted', sequence: expectedSequence });
    }
    if (entry.previousHash !== previousHash) {
      const followed = positionOfHash.get(entry.previousHash);
      if (followed !== undefined && followed > position) {
        return broken({
          kind: 'reordered',
          sequence: entry.sequence,
          ...(successorLater !== undefined
            ? { expectedAt: (entries[successorLater] as AuditEntry).sequence }
            : {}),
        });
      }
      if (next?.previousHash === previousHash) return broken({ kind: 'inserted', sequence: entry.sequence });
      if (position >= 2 && entry.previousHash === (entries[position - 2] as AuditEntry).hash) {
        // The entry before this one links in, but this one skips it: that one was slipped in.
        return broken({ kind: 'inserted', sequence: (entries[position - 1] as AuditEntry).sequence });
      }
      if (successorLater !== undefined) {
        return broken({
          kind: 'reordered',
          sequence: entry.sequence,
          expectedAt: (entries[successorLater] as AuditEntry).sequence,
        });
      }
      return broken({ kind: 'deleted', sequence: entry.sequence });
    }
    if (hash(previousHash + canonicalAuditEntry(entry)) !== entry.hash) {
      // An entry with a made-up hash that the next entry skips was slipped in, not edited.
      if (next !== undefined && next.previousHash === previousHash) {
        return broken({ kind: 'inserted', sequence: entry.sequence });
      }
      return broken({ kind: 'edited', sequence: entry.sequence });
    }
    previousHash = entry.hash;
  }
  const bySequence = new Map(entries.map((entry) => [entry.sequence, entry.hash]));
  for (const anchor of [...anchors].sort((a, b) => a.sequence - b.sequence)) {
    if (bySequence.get(anchor.sequence) !== anchor.hash) {
      return broken({ kind: 'head_mismatch', sequence: anchor.sequence });
    }
  }
  const last = entries[entries.length - 1];
  return {
    intact: true,
    entries: entries.length,
    head: last ? { sequence: last.sequence, hash: last.hash, at: last.at } : null,
  };
}
