/**
 * The customs offices an administration has configured, kept in the database and cached in
 * memory for intake validation (every declaration and manifest names its office).
 */
import { asc } from 'drizzle-orm';
import type { AuditTrail } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { offices } from '../db/schema.ts';

export const officeKinds = ['port', 'airport', 'land_border', 'inland'] as const;
export type OfficeKind = (typeof officeKinds)[number];

export interface Office {
  readonly code: string;
  readonly name: string;
  readonly kind: OfficeKind;
  readonly country: string;
}

export interface OfficeDirectory {
  isOffice(code: string): boolean;
  officeCodes(): readonly string[];
  list(): readonly Office[];
  /**
   * Adds offices (existing codes are left as they are) and refreshes the cache. Each office
   * added is recorded for audit with `actor` ('system' by default), in the same transaction.
   */
  add(newOffices: readonly Office[], actor?: string): Promise<void>;
  refresh(): Promise<void>;
}

/** Opens the directory over the database and loads the cache. */
export async function openOfficeDirectory(db: Database, audit?: AuditTrail): Promise<OfficeDirectory> {
  let cache: readonly Office[] = [];
  let codes = new Set<string>();
  const refresh = async (): Promise<void> => {
    const rows = await db.select().from(offices).orderBy(asc(offices.code));
    cache = rows.map((row) => ({
      code: row.code,
      name: row.name,
      kind: row.kind as OfficeKind,
      country: row.country,
    }));
    codes = new Set(cache.map((office) => office.code));
  };
  await refresh();
  return {
    isOffice: (code) => codes.has(code),
    officeCodes: () => cache.map((office) => office.code),
    list: () => cache,
    async add(newOffices, actor = 'system') {
      if (newOffices.length > 0) {
        await db.transaction(async (tx) => {
          const added = await tx
            .insert(offices)
            .values(newOffices.map((office) => ({ ...office })))
            .onConflictDoNothing()
            .returning({
              code: offices.code,
              name: offices.name,
              kind: offices.kind,
              country: offices.country,
            });
          for (const office of added) {
            await audit?.append(
              {
                actor,
                action: 'office.added',
                subject: { type: 'office', id: office.code },
                before: null,
                after: office,
              },
              tx,
            );
          }
        });
      }
      await refresh();
    },
    refresh,
  };
}
