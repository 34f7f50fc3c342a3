/**
 * Test support for the load benchmark and the kill test: reads, straight from the database once
 * the server has stopped, what was stored of the declarations a client was told were lodged, so
 * that "every acknowledged declaration stored exactly once" is checked against the tables
 * themselves, not against the API that acknowledged them.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseTarget } from '../db/database.ts';

/** One acknowledgement a client received: the document it sent, and the id the server gave. */
export interface Acknowledged {
  readonly sender: string;
  readonly reference: string;
  readonly id: string;
}

export interface StoredCheck {
  /** Acknowledged declarations with no row under their sender and reference, or another id. */
  readonly lost: readonly string[];
  /**
   * Acknowledged declarations stored more than once: several rows under one sender and reference,
   * or more than one first version or `lodged` event for one declaration.
   */
  readonly duplicated: readonly string[];
  /** Declarations stored in all (acknowledged or not: a crash can store one whose answer never left). */
  readonly stored: number;
  /** Acknowledged declarations with at least one selectivity assessment. */
  readonly assessed: number;
}

interface Row {
  readonly id: string;
  readonly sender: string;
  readonly reference: string;
  readonly rows: number | string;
  readonly versions: number | string;
  readonly lodged: number | string;
  readonly assessments: number | string;
}

/**
 * Opens the database (the server must have stopped when it is a PGlite folder), compares it with
 * the acknowledgements, and closes it. Never writes.
 */
export async function checkStoredDeclarations(
  target: DatabaseTarget,
  acknowledged: readonly Acknowledged[],
): Promise<StoredCheck> {
  const opened = await openDatabase(target);
  try {
    const result = await opened.db.execute(sql`
      select d.id::text as id, d.sender, d.reference,
             count(*) over (partition by d.sender, d.reference) as rows,
             (select count(*) from document_versions v
               where v.subject_type = 'declaration' and v.subject_id = d.id and v.version = 1) as versions,
             (select count(*) from events e
               where e.subject_type = 'declaration' and e.subject_id = d.id and e.type = 'lodged') as lodged,
             (select count(*) from assessments a where a.declaration_id = d.id) as assessments
      from declarations d
    `);
    // Both drivers (PGlite, node-postgres) answer a raw query with `{ rows }`.
    const { rows } = result as { rows: Row[] };
    const byKey = new Map<string, Row[]>();
    for (const row of rows) {
      const key = `${row.sender}\u0000${row.reference}`;
      const found = byKey.get(key);
      if (found) found.push(row);
      else byKey.set(key, [row]);
    }
    const lost: string[] = [];
    const duplicated: string[] = [];
    const seen = new Set<string>();
    let assessed = 0;
    for (const ack of acknowledged) {
      const key = `${ack.sender}\u0000${ack.reference}`;
      const label = `${ack.sender}/${ack.reference}`;
      if (seen.has(key)) {
        // The same document acknowledged as created twice is a double lodgement seen by the client.
        duplicated.push(label);
        continue;
      }
      seen.add(key);
      const found = byKey.get(key) ?? [];
      const mine = found.find((row) => row.id === ack.id);
      if (!mine) {
        lost.push(label);
        continue;
      }
      if (found.length > 1 || Number(mine.versions) !== 1 || Number(mine.lodged) !== 1)
        duplicated.push(label);
      if (Number(mine.assessments) > 0) assessed += 1;
    }
    return { lost, duplicated, stored: rows.length, assessed };
  } finally {
    await opened.close();
  }
}
