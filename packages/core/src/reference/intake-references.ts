/**
 * The reference data intake validates against, handed in by the server (the core reads no
 * file and no database): the HS nomenclature, the customs offices configured, and the national
 * currency of the administration.
 */
import type { Nomenclature } from './nomenclature.ts';

export interface IntakeReferences {
  readonly nomenclature: Nomenclature;
  /** True when the office code is one the administration has configured. */
  isOffice(code: string): boolean;
  /** The configured office codes, to tell a sender which ones exist. */
  officeCodes(): readonly string[];
  /** ISO 4217 code of the national currency, in which duties are owed (XOF in Senegal). */
  readonly nationalCurrency: string;
}
