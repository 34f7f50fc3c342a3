/**
 * Loading a new version of tariff data over what is stored, without rewriting history: the
 * plan of changes (close a range, supersede an entry, insert an entry) that the server applies
 * in one transaction. Pure: the same stored rows and document give the same plan.
 *
 * The rule, per key (a tariff line, or a tax code) that the incoming document names, where F
 * is the earliest validFrom the document gives that key: the document states the key's history
 * from F on.
 * - A stored range that ended on or before F is history: untouched.
 * - A stored range that started before F and runs past it is closed at F (its validTo set to
 *   F): the rate it held stays readable for the dates before F. If it holds the same rate as
 *   the document's entry starting at F, it simply continues: nothing changes (or, when that
 *   entry ends, the stored range is closed where the entry ends).
 * - A stored range starting on or after F is superseded (kept, marked as replaced), unless the
 *   document holds exactly the same entry.
 * - Keys the document does not name are untouched: a document may update one levy alone.
 * So loading the same document twice changes nothing, and a full new version of a tariff in
 * which most rates did not change only touches the rates that did.
 */

/** A stored entry: its id, its key, its date range and what it holds. */
export interface StoredRange<C, Id> {
  readonly id: Id;
  readonly key: string;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
  readonly content: C;
}

/** An entry of the incoming document. */
export interface IncomingRange<C> {
  readonly key: string;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
  readonly content: C;
}

export interface VersionPlan<C, Id> {
  readonly insert: readonly IncomingRange<C>[];
  /** Stored ranges whose validTo becomes the given date (they were open or ended later). */
  readonly close: readonly { readonly id: Id; readonly validTo: string }[];
  /** Stored entries replaced from their first day: kept, marked superseded. */
  readonly supersede: readonly Id[];
  /** Incoming entries already stored as they are. */
  readonly unchanged: number;
}

/**
 * Plans the changes that load `incoming` over `stored` (the current, not superseded, entries
 * of the same country). Incoming entries of one key must not overlap (the document's
 * validation checks it). `sameContent` says whether two entries hold the same rates.
 */
export function planTariffVersion<C, Id>(
  stored: readonly StoredRange<C, Id>[],
  incoming: readonly IncomingRange<C>[],
  sameContent: (a: C, b: C) => boolean,
): VersionPlan<C, Id> {
  const incomingByKey = groupBy(incoming);
  const storedByKey = groupBy(stored);
  const insert: IncomingRange<C>[] = [];
  const close: { id: Id; validTo: string }[] = [];
  const supersede: Id[] = [];
  let unchanged = 0;

  for (const [key, entries] of incomingByKey) {
    const sorted = [...entries].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    const first = sorted[0];
    if (!first) continue;
    const from = first.validFrom;
    const represented = new Set<IncomingRange<C>>();
    for (const row of storedByKey.get(key) ?? []) {
      if (row.validFrom >= from) {
        const same = sorted.find(
          (entry) =>
            !represented.has(entry) &&
            entry.validFrom === row.validFrom &&
            entry.validTo === row.validTo &&
            sameContent(entry.content, row.content),
        );
        if (same) {
          represented.add(same);
          unchanged += 1;
        } else supersede.push(row.id);
        continue;
      }
      if (row.validTo !== undefined && row.validTo <= from) continue;
      if (sameContent(row.content, first.content)) {
        if (row.validTo === first.validTo) {
          unchanged += 1;
          represented.add(first);
          continue;
        }
        if (row.validTo === undefined && first.validTo !== undefined) {
          close.push({ id: row.id, validTo: first.validTo });
          represented.add(first);
          continue;
        }
      }
      close.push({ id: row.id, validTo: from });
    }
    for (const entry of sorted) if (!represented.has(entry)) insert.push(entry);
  }
  return { insert, close, supersede, unchanged };
}

function groupBy<E extends { readonly key: string }>(entries: readonly E[]): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const entry of entries) {
    const group = groups.get(entry.key);
    if (group) group.push(entry);
    else groups.set(entry.key, [entry]);
  }
  return groups;
}
