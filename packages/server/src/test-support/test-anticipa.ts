/**
 * Test support: the wired services over a fresh test database, with the test offices
 * configured and a clock a test can move.
 */
import { aManifest, testOffices } from '@anticipa/core/testing';
import { createAnticipa, type Anticipa } from '../anticipa.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestAnticipa extends Anticipa {
  readonly label: string;
  /** Sets the time the services read from their clock. */
  setNow(at: string): void;
}

export async function createTestAnticipa(): Promise<TestAnticipa> {
  const database = await createTestDatabase();
  let now = new Date('2026-03-01T08:00:00Z');
  const anticipa = await createAnticipa(database, { nationalCurrency: 'XOF', clock: () => now });
  await anticipa.offices.add(testOffices);
  return {
    ...anticipa,
    label: database.label,
    setNow(at) {
      now = new Date(at);
    },
  };
}

/** Lodges a manifest whose consignments all carry the B/L `bill`, and records its ship's arrival. */
export async function shipArrivedWith(app: Anticipa, bill: string, at: Date): Promise<void> {
  const manifest = aManifest();
  const lodged = await app.manifests.lodge({
    ...manifest,
    billsOfLading: manifest.billsOfLading.map((consignment) => ({ ...consignment, number: bill })),
  });
  if (!lodged.ok) throw new Error(`test manifest refused: ${lodged.error.code}`);
  const arrived = await app.manifests.recordArrival(lodged.value.head.id, { meansArrivedAt: at });
  if (!arrived.ok) throw new Error(`test arrival refused: ${arrived.error.code}`);
}
