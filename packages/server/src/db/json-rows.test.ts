// Rows inserted as one JSON parameter, and several writes sent as one statement, on whichever
// engine this run uses (PGlite, or the server of DATABASE_URL): what is stored is what Drizzle's
// own insert stores, and a statement that fails stores none of its writes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { asc, count, eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.ts';
import { insertJsonRows } from './json-rows.ts';
import { consignments, declarationItems, events } from './schema.ts';
import { executeTogether } from './statements.ts';

describe('rows inserted as one JSON parameter', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  it('stores what Drizzle stores: text, numbers, exact decimals, instants, arrays, JSON and nulls', async () => {
    const { db } = database;
    const consignment = (manifestId: string) => ({
      manifestId,
      version: 1,
      billNumber: 'MSKU1234567',
      shipperName: "Shipper « l'Export » – ü",
      consigneeName: 'Consignee',
      consigneeTaxId: null,
      description: 'Riz brisé, 25 kg "sacs"',
      hsCode: '100640',
      packages: 1200,
      packageKind: 'BG',
      grossMass: '30000.125',
      containers: ['MSKU1234565', 'TGHU 000,1"x'],
    });
    const event = (subjectId: string) => ({
      subjectType: 'declaration',
      subjectId,
      type: 'lane_assigned',
      occurredAt: new Date('2026-03-01T08:00:00.123Z'),
      recordedAt: new Date('2026-03-01T08:00:01.456Z'),
      version: null,
      data: { lane: 'red', nested: { list: [1, 2.5, null, 'x'], text: 'é\n"q"' }, empty: {} },
    });
    const item = (declarationId: string) => ({
      declarationId,
      version: 2,
      itemNumber: 1,
      tariffLine: '1006300000',
      hs6: '100630',
      description: 'Rice',
      origin: 'TH',
      customsValue: '12500000.50',
      netMass: '25000.000',
      supplementaryQuantity: null,
      supplementaryUnit: null,
      packages: 1000,
    });
    const [viaJson, viaDrizzle] = [randomUUID(), randomUUID()];
    await executeTogether(db, [
      insertJsonRows(consignments, [consignment(viaJson)]),
      insertJsonRows(events, [event(viaJson)]),
      insertJsonRows(declarationItems, [item(viaJson)]),
    ]);
    await db.insert(consignments).values(consignment(viaDrizzle));
    await db.insert(events).values(event(viaDrizzle));
    await db.insert(declarationItems).values(item(viaDrizzle));

    const read = async (id: string) => ({
      consignments: (await db.select().from(consignments).where(eq(consignments.manifestId, id))).map(
        (row) => ({ ...row, manifestId: '' }),
      ),
      events: (await db.select().from(events).where(eq(events.subjectId, id))).map((row) => ({
        ...row,
        id: 0,
        subjectId: '',
      })),
      items: (await db.select().from(declarationItems).where(eq(declarationItems.declarationId, id))).map(
        (row) => ({ ...row, declarationId: '' }),
      ),
    });
    const stored = await read(viaJson);
    assert.deepEqual(stored, await read(viaDrizzle));
    assert.deepEqual(stored.consignments[0]?.containers, ['MSKU1234565', 'TGHU 000,1"x']);
    assert.equal(stored.items[0]?.customsValue, '12500000.50');
    assert.deepEqual(stored.events[0]?.data, event(viaJson).data);
  });

  it('inserts many rows with one parameter, in order, and lets columns the rows leave out take their defaults', async () => {
    const { db } = database;
    const subjectId = randomUUID();
    const rows = Array.from({ length: 500 }, (_, index) => ({
      subjectType: 'declaration',
      subjectId,
      type: 'lodged',
      occurredAt: new Date(Date.UTC(2026, 2, 1, 8, 0, 0, index)),
      recordedAt: new Date('2026-03-01T09:00:00Z'),
    }));
    const statement = insertJsonRows(events, rows);
    const query = executeTogether(database.db, [statement]);
    await query;
    const stored = await db
      .select({ id: events.id, occurredAt: events.occurredAt, data: events.data })
      .from(events)
      .where(eq(events.subjectId, subjectId))
      .orderBy(asc(events.id));
    assert.equal(stored.length, 500);
    assert.deepEqual(
      stored.map((row) => row.occurredAt.getTime()),
      rows.map((row) => row.occurredAt.getTime()),
    );
    assert.ok(stored.every((row) => row.data === null && row.id > 0));
  });
});

describe('writes sent as one statement', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  it('stores none of them when one fails (a unique violation here)', async () => {
    const { db } = database;
    const manifestId = randomUUID();
    const bill = {
      manifestId,
      version: 1,
      billNumber: 'B1',
      shipperName: 's',
      consigneeName: 'c',
      description: 'd',
      packages: 1,
      packageKind: 'PK',
      grossMass: '1',
      containers: [],
    };
    await db.insert(consignments).values(bill);
    const subjectId = randomUUID();
    await assert.rejects(
      executeTogether(db, [
        insertJsonRows(events, [
          {
            subjectType: 'declaration',
            subjectId,
            type: 'lodged',
            occurredAt: new Date(),
            recordedAt: new Date(),
          },
        ]),
        insertJsonRows(consignments, [bill]),
      ]),
    );
    const [stored] = await db.select({ n: count() }).from(events).where(eq(events.subjectId, subjectId));
    assert.equal(stored?.n, 0);
    const [bills] = await db
      .select({ n: count() })
      .from(consignments)
      .where(sql`${consignments.manifestId} = ${manifestId}`);
    assert.equal(bills?.n, 1);
  });
});
