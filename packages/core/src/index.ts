/**
 * @anticipa/core: the customs logic of Anticipa, with no I/O of its own (no database, HTTP,
 * file system, clock or random source: they are passed in). Everything the server, the CLI
 * and the web share about the domain is exported from here.
 */
export * from './shared/result.ts';
export * from './shared/error-codes.ts';
export * from './shared/messages.ts';
export * from './shared/problems.ts';
export * from './shared/parse.ts';
export * from './shared/canonical-json.ts';
export {
  text,
  officeCode,
  countryCode,
  currencyCode,
  partyCode,
  decimal,
  encodeExpectation,
} from './shared/fields.ts';
export * from './reference/nomenclature.ts';
export * from './reference/codes.ts';
export * from './reference/intake-references.ts';
export * from './declaration/goods-declaration.ts';
export * from './manifest/cargo-manifest.ts';
export * from './event/file-event.ts';
export * from './demo/demo-administration.ts';
export * from './bulk/csv-format.ts';
export * from './bulk/declaration-csv.ts';
export * from './bulk/manifest-csv.ts';
export * from './valuation/percentile.ts';
export * from './valuation/unit-value.ts';
export * from './valuation/valuation-bands.ts';
export * from './valuation/valuation-indicator.ts';
export * from './valuation/valuation-decision.ts';
export * from './tariff/tariff-document.ts';
export * from './tariff/tariff-lookup.ts';
export * from './tariff/liquidation.ts';
export * from './tariff/tariff-versions.ts';
export * from './tariff/tariff-csv.ts';
export * from './write-off/write-off-ledger.ts';
export * from './write-off/ageing-report.ts';
export * from './write-off/write-off-words.ts';
export * from './selectivity/index.ts';
export * from './clearance/index.ts';
export * from './targeting/index.ts';
export * from './audit/index.ts';
export * from './identity/index.ts';
