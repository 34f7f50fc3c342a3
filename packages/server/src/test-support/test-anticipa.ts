/**
 * Test support: the wired services over a fresh test database, with the test offices
 * configured and a clock a test can move.
 */
import { testOffices } from '@anticipa/core/testing';
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
