import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { chainEntry, genesisHash, type AuditEntry } from '@anticipa/core';
import { executeTogether } from '../db/statements.ts';
import { sha256 } from '../shared/content-hash.ts';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.ts';
import { exportAuditHeadToFolder, readAuditHead, scheduleAuditHeadExports } from './audit-head-export.ts';
import { createAuditLog, type AuditLog } from './audit-log.ts';
import { auditEntries } from './audit-tables.ts';

let now = new Date('2026-03-01T08:00:00Z');
const clock = () => now;

const record = (n: number) => ({
  actor: `officer-${n % 3}`,
  action: 'valuation.decided',
  subject: { type: 'declaration', id: `D${n}` },
  before: n === 1 ? null : { decision: 'accepted', n: n - 1 },
  after: { decision: 'adjusted', n, at: new Date(Date.UTC(2026, 2, 1, 8, n)), note: 'é – ü' },
});

async function openLog(): Promise<{ database: TestDatabase; audit: AuditLog }> {
  const database = await createTestDatabase();
  return { database, audit: createAuditLog({ db: database.db, clock }) };
}

async function appendSix(audit: AuditLog): Promise<void> {
  for (let n = 1; n <= 6; n++) {
    now = new Date(Date.UTC(2026, 2, 1, 9, n));
    await audit.append(record(n));
  }
}

/** Runs statements with the append-only triggers lifted, as someone with the owner's rights could. */
async function tamper(database: TestDatabase, ...statements: ReturnType<typeof sql>[]): Promise<void> {
  await database.db.execute(sql`ALTER TABLE audit_entries DISABLE TRIGGER USER`);
  try {
    for (const statement of statements) await database.db.execute(statement);
  } finally {
    await database.db.execute(sql`ALTER TABLE audit_entries ENABLE TRIGGER USER`);
  }
}

describe('the audit log on the database', () => {
  let database: TestDatabase;
  let audit: AuditLog;
  before(async () => ({ database, audit } = await openLog()));
  after(() => database.close());

  it('appends entries into a chain that verifies, with its head, and lists them newest first', async () => {
    assert.deepEqual(await audit.verify(), { intact: true, entries: 0, head: null });
    assert.equal(await audit.head(), null);
    await appendSix(audit);
    const head = await audit.head();
    assert.ok(head);
    assert.equal(head.sequence, 6);
    assert.equal(head.at, '2026-03-01T09:06:00.000Z');
    assert.deepEqual(await audit.verify(), { intact: true, entries: 6, head });
    const page = await audit.list({ limit: 4 });
    assert.deepEqual(
      page.entries.map((entry) => entry.sequence),
      [6, 5, 4, 3],
    );
    assert.equal(page.total, 6);
    assert.equal(page.nextBefore, 3);
    const rest = await audit.list({ limit: 4, before: 3 });
    assert.deepEqual(
      rest.entries.map((entry) => entry.sequence),
      [2, 1],
    );
    assert.equal(rest.nextBefore, undefined);
    const first = rest.entries.at(-1) as AuditEntry;
    assert.equal(first.previousHash, genesisHash);
    assert.deepEqual(first.after, {
      decision: 'adjusted',
      n: 1,
      at: '2026-03-01T08:01:00.000Z',
      note: 'é – ü',
    });
    assert.deepEqual(
      (await audit.list({ actor: 'officer-1', subjectType: 'declaration' })).entries.map((e) => e.sequence),
      [4, 1],
    );
    assert.deepEqual(
      (await audit.list({ subjectId: 'D5' })).entries.map((e) => e.subject),
      [{ type: 'declaration', id: 'D5' }],
    );
    assert.equal(
      (await audit.list({ from: new Date('2026-03-01T09:05:00Z'), to: new Date('2026-03-01T09:06:00Z') }))
        .total,
      2,
    );
  });

  it('refuses to rewrite or remove an entry (append-only triggers)', async () => {
    await assert.rejects(database.db.execute(sql`UPDATE audit_entries SET actor = 'x' WHERE sequence = 1`));
    await assert.rejects(database.db.execute(sql`DELETE FROM audit_entries WHERE sequence = 1`));
    await assert.rejects(database.db.execute(sql`TRUNCATE audit_entries`));
    assert.equal((await audit.verify()).intact, true);
  });

  it('keeps no entry when the transaction of the change rolls back', async () => {
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await audit.append(record(7), tx);
        throw new Error('the change failed');
      }),
    );
    assert.equal((await audit.head())?.sequence, 6);
  });
});

describe('tampering with the stored audit trail is detected and named', () => {
  const cases: readonly {
    readonly name: string;
    readonly statements: (entries: readonly AuditEntry[]) => ReturnType<typeof sql>[];
    readonly fault: { kind: string; sequence: number; expectedAt?: number };
  }[] = [
    {
      name: 'an edited row',
      statements: () => [sql`UPDATE audit_entries SET after = '{"decision":"accepted"}' WHERE sequence = 3`],
      fault: { kind: 'edited', sequence: 3 },
    },
    {
      name: 'an edited actor, its hash recomputed',
      statements: (entries) => {
        const third = entries[2] as AuditEntry;
        const forged = chainEntry(
          { sequence: 2, hash: third.previousHash },
          { ...third, actor: 'someone else' },
          new Date(third.at),
          sha256,
        );
        return [
          sql`UPDATE audit_entries SET actor = ${forged.actor}, hash = ${forged.hash} WHERE sequence = 3`,
        ];
      },
      fault: { kind: 'deleted', sequence: 4 },
    },
    {
      name: 'a deleted row',
      statements: () => [sql`DELETE FROM audit_entries WHERE sequence = 4`],
      fault: { kind: 'deleted', sequence: 4 },
    },
    {
      name: 'an inserted row (later rows renumbered, its hash forged)',
      statements: (entries) => {
        const second = entries[1] as AuditEntry;
        const forged = chainEntry(
          second,
          {
            actor: 'intruder',
            action: 'valuation.decided',
            subject: { type: 'declaration', id: 'D99' },
            before: null,
            after: { decision: 'accepted' },
          },
          new Date(second.at),
          sha256,
        );
        return [
          sql`UPDATE audit_entries SET sequence = -sequence - 1 WHERE sequence >= 3`,
          sql`UPDATE audit_entries SET sequence = -sequence WHERE sequence < 0`,
          sql`INSERT INTO audit_entries (sequence, at, actor, action, subject_type, subject_id, before, after, previous_hash, hash)
              VALUES (3, ${forged.at}, ${forged.actor}, ${forged.action}, ${forged.subject.type}, ${forged.subject.id},
                      NULL, ${JSON.stringify(forged.after)}::jsonb, ${forged.previousHash}, ${forged.hash})`,
        ];
      },
      fault: { kind: 'inserted', sequence: 3 },
    },
    {
      name: 'a row appended at the end with a made-up hash',
      statements: (entries) => [
        sql`INSERT INTO audit_entries (sequence, at, actor, action, subject_type, subject_id, before, after, previous_hash, hash)
            VALUES (7, now(), 'intruder', 'office.added', 'office', 'X', NULL, NULL, ${(entries[5] as AuditEntry).hash}, ${'a'.repeat(64)})`,
      ],
      fault: { kind: 'edited', sequence: 7 },
    },
    {
      name: 'a reordered row (two rows swap places)',
      statements: () => [
        sql`UPDATE audit_entries SET sequence = -2 WHERE sequence = 2`,
        sql`UPDATE audit_entries SET sequence = 2 WHERE sequence = 3`,
        sql`UPDATE audit_entries SET sequence = 3 WHERE sequence = -2`,
      ],
      fault: { kind: 'reordered', sequence: 2, expectedAt: 3 },
    },
  ];
  for (const { name, statements, fault } of cases) {
    it(name, async () => {
      const { database, audit } = await openLog();
      try {
        await appendSix(audit);
        const entries = (await audit.list()).entries.toReversed();
        await tamper(database, ...statements(entries));
        const verdict = await audit.verify();
        assert.equal(verdict.intact, false);
        assert.deepEqual(verdict.fault, fault);
      } finally {
        await database.close();
      }
    });
  }

  it('a trail rewritten from some entry to its end no longer holds the head exported before', async () => {
    const { database, audit } = await openLog();
    const folder = await mkdtemp(join(tmpdir(), 'anticipa-audit-head-'));
    try {
      await appendSix(audit);
      const { file, exported } = await exportAuditHeadToFolder(
        audit,
        folder,
        new Date('2026-03-01T23:00:00Z'),
      );
      assert.equal(file, join(folder, 'audit-head-2026-03-01.json'));
      assert.equal(exported.sequence, 6);
      const kept = await readAuditHead(file);
      assert.deepEqual(kept, { sequence: 6, hash: exported.hash });
      assert.equal((await audit.verify([kept])).intact, true);
      // Entry 6 rewritten and re-hashed: the chain is self-consistent, the kept head is not in it.
      const fifth = (await audit.list({ limit: 2 })).entries[1] as AuditEntry;
      const forged = chainEntry(fifth, { ...record(6), after: { decision: 'accepted' } }, now, sha256);
      await tamper(
        database,
        sql`UPDATE audit_entries SET after = ${JSON.stringify(forged.after)}::jsonb, at = ${forged.at}, hash = ${forged.hash} WHERE sequence = 6`,
      );
      assert.equal((await audit.verify()).intact, true);
      assert.deepEqual(await audit.verify([kept]), {
        intact: false,
        entries: 6,
        fault: { kind: 'head_mismatch', sequence: 6 },
      });
      await writeFile(join(folder, 'other.json'), '{"format":"something else"}');
      assert.equal(await readAuditHead(join(folder, 'other.json')), undefined);
    } finally {
      await database.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('concurrent appends', () => {
  it('never fork the chain: every entry takes the next place, alone or inside transactions', async () => {
    const { database, audit } = await openLog();
    try {
      await Promise.all([
        ...Array.from({ length: 30 }, (_, n) => audit.append(record(n + 1))),
        ...Array.from({ length: 10 }, (_, n) =>
          database.db.transaction(async (tx) => {
            await tx.execute(sql`SELECT 1`);
            await audit.append(record(100 + n), tx);
          }),
        ),
      ]);
      const verdict = await audit.verify();
      assert.equal(verdict.intact, true);
      assert.equal(verdict.entries, 40);
      const rows = await database.db.select({ sequence: auditEntries.sequence }).from(auditEntries);
      assert.deepEqual(
        rows.map((row) => row.sequence).sort((a, b) => a - b),
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
    } finally {
      await database.close();
    }
  });
});

describe('batches of entries', () => {
  it('chain several entries under one take of the lock, stored with the change, interleaved with single appends', async () => {
    const { database, audit } = await openLog();
    try {
      const batch = (from: number) =>
        database.db.transaction(async (tx) => {
          const chain = await audit.openBatch(tx);
          const added = [0, 1, 2, 3].map((n) => chain.add(record(from + n)));
          const statement = chain.takeStatement();
          assert.ok(statement);
          await executeTogether(tx, [statement]);
          assert.equal(chain.takeStatement(), undefined);
          return added;
        });
      const [first, , second] = await Promise.all([
        batch(1),
        audit.append(record(50)),
        batch(10),
        audit.append(record(51)),
      ]);
      // Each batch took consecutive places.
      for (const added of [first, second]) {
        assert.deepEqual(
          added.map((entry) => entry.sequence - (added[0]?.sequence ?? 0)),
          [0, 1, 2, 3],
        );
      }
      const verdict = await audit.verify();
      assert.equal(verdict.intact, true);
      assert.equal(verdict.entries, 10);

      await assert.rejects(
        database.db.transaction(async (tx) => {
          const chain = await audit.openBatch(tx);
          chain.add(record(20));
          chain.add(record(21));
          await chain.write();
          throw new Error('the change failed');
        }),
      );
      assert.equal((await audit.head())?.sequence, 10);
      assert.equal((await audit.verify()).intact, true);
    } finally {
      await database.close();
    }
  });
});

describe('the daily head export', () => {
  it('writes the head at start into a file of the day, and an empty trail as sequence 0', async () => {
    const { database, audit } = await openLog();
    const folder = await mkdtemp(join(tmpdir(), 'anticipa-audit-schedule-'));
    const lines: string[] = [];
    try {
      const schedule = scheduleAuditHeadExports(audit, {
        folder,
        everyHours: 24,
        log: (line) => lines.push(line),
        clock: () => new Date('2026-03-02T01:00:00Z'),
      });
      await schedule.started;
      await schedule.stop();
      const written = JSON.parse(
        await readFile(join(folder, 'audit-head-2026-03-02.json'), 'utf8'),
      ) as unknown;
      assert.deepEqual(written, {
        format: 'anticipa-audit-head/1',
        sequence: 0,
        hash: genesisHash,
        at: null,
        exportedAt: '2026-03-02T01:00:00.000Z',
      });
      assert.match(lines[0] ?? '', /audit head 0 0{64} exported to .*audit-head-2026-03-02\.json$/);
    } finally {
      await database.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('a batch that waited for the trail', () => {
  it('reads what it guards again when an entry was appended while it waited, and chains after it', async () => {
    const { database, audit } = await openLog();
    const { db } = database;
    try {
      await audit.append(record(1));
      const entriesRead = {
        query: sql`select count(*)::int from audit_entries`,
        read: (value: unknown) => Number(value),
      };
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      // The first writer holds the lock until told to append and commit.
      const first = db.transaction(async (tx) => {
        const batch = await audit.openBatch(tx);
        await held;
        batch.add(record(2));
        await batch.write();
      });
      // On a server, the second writer's statement starts (its snapshot taken) before the first
      // commits, then waits for the lock; on PGlite, transactions run one at a time.
      const second = db.transaction(async (tx) => {
        const locked = await audit.lockForBatch(tx, {
          alongside: { seen: entriesRead },
          guarded: { guarded: entriesRead },
        });
        const entry = locked.batch.add(record(3));
        await locked.batch.write();
        return { ...locked, entry };
      });
      if (database.label === 'postgres') {
        for (let waiting = 0; waiting === 0;) {
          const [row] = await db
            .select({ waiting: sql<number>`count(*)::int` })
            .from(sql`pg_locks`)
            .where(sql`locktype = 'advisory' and not granted`);
          waiting = row?.waiting ?? 0;
        }
      }
      release();
      await first;
      const { alongside, guarded, entry } = await second;
      assert.equal(guarded.guarded, 2, 'the entry appended while waiting is counted');
      if (database.label === 'postgres') assert.equal(alongside.seen, 1, 'read before the lock');
      assert.equal(entry.sequence, 3);
      assert.deepEqual(await audit.verify(), { intact: true, entries: 3, head: await audit.head() });
    } finally {
      await database.close();
    }
  });
});
