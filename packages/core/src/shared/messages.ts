/**
 * The catalogue of what each input rule expects, in French and English: every message a user
 * reads exists in both (most of the region works in French; DOMAIN.md "The problem").
 */
import { permissionPhrase, roleName } from '../identity/identity-words.ts';
import { isPermission, isRole } from '../identity/roles.ts';
import type { AppError, ErrorCode, ExpectationCode, Problem } from './error-codes.ts';

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];

type Params = Readonly<Record<string, string | number>>;
type Catalogue = Record<ExpectationCode, (p: Params) => string>;

const en: Catalogue = {
  required: () => 'a value: this field is required',
  type: (p) => String(p.type),
  unknown_property: (p) => `no property "${String(p.name)}": it is not part of this document`,
  one_of: (p) => `one of: ${String(p.values)}`,
  text_length: (p) => `text of ${String(p.min)} to ${String(p.max)} characters`,
  list_length: (p) => `a list of ${String(p.min)} to ${String(p.max)} entries`,
  no_duplicates: (p) => `no duplicates: "${String(p.duplicate)}" appears more than once`,
  decimal: () => 'a decimal number, as a string or number, such as "12500.50"',
  decimal_positive: () => 'a decimal number greater than zero',
  decimal_scale: (p) =>
    `a decimal number with at most ${String(p.scale)} decimal places and ${String(p.digits)} digits before the point`,
  integer_range: (p) => `a whole number from ${String(p.min)} to ${String(p.max)}`,
  datetime: () => 'a date and time in ISO 8601 with its offset, such as "2026-03-01T08:30:00Z"',
  date: () => 'a date in ISO 8601, such as "2026-03-01"',
  country: () => 'an ISO 3166-1 alpha-2 country code, such as "SN" or "CN"',
  currency: () => 'an ISO 4217 currency code, such as "XOF", "EUR" or "USD"',
  unlocode: () => 'a UN/LOCODE: two-letter country code and three letters or digits 2-9, such as "CNSHA"',
  imo_number: () => 'an IMO ship number: seven digits whose last is the check digit, such as "9321483"',
  container_number: () =>
    'an ISO 6346 container number: owner code, category, six digits and a valid check digit, such as "MSCU1234566"',
  tariff_line: () => 'a national tariff line of 8 to 10 digits, such as "8703231900"',
  hs_subheading_known: (p) =>
    `a tariff line whose first six digits are an HS 2022 subheading ("${String(p.hs6)}" is not one)`,
  hs_code: () => 'an HS code of 4 or 6 digits, such as "8703" or "870323"',
  hs_code_known: (p) => `an HS 2022 heading or subheading ("${String(p.code)}" is not one)`,
  office_known: (p) => `a customs office known to Anticipa (known offices: ${String(p.known)})`,
  office_code: () => 'a customs office code of 2 to 10 capital letters or digits, such as "SNDKR"',
  party_code: () => 'an identifier of 1 to 35 letters, digits, dots, dashes, slashes or underscores',
  reference: (p) =>
    p.kind === 'transport_document'
      ? 'a bill of lading or air waybill number: 3 to 35 capital letters, digits, "-" or "/", such as "MEDU12345678"'
      : p.kind === 'voyage'
        ? 'a voyage or flight number: 1 to 17 letters, digits, "-" or "/", such as "AX412R"'
        : 'a reference of 1 to 70 characters without control characters',
  procedure_code: () =>
    'a customs procedure code of 4 to 7 capital letters or digits, such as "4000" or "4000000"',
  package_kind: () =>
    'a UN/ECE Recommendation 21 package code of two capital letters or digits, such as "CT" or "PK"',
  exchange_rate_national: (p) =>
    `an exchange rate of 1 when the invoice is in the national currency ${String(p.currency)}`,
  supplementary_pair: () => 'both a supplementary quantity and its unit, or neither',
  csv_column: (p) => `a column named "${String(p.name)}"`,
  hs_subheading: () => 'an HS subheading of 6 digits, such as "870323"',
  valuation_adjusted_value_only: () => 'no adjusted value: only a decision "value_adjusted" gives one',
  tariff_code: () =>
    'an HS chapter (2 digits), heading (4), subheading (6) or national tariff line (8 to 10 digits), such as "87", "870323" or "8703231900"',
  tax_code: () =>
    'a tax code of 1 to 16 capital letters, digits or underscores, starting with a letter, such as "TVA" or "NHIL"',
  rate_percent: () => 'a rate in percent from 0 to 1000 with at most 4 decimals, such as "18" or "0.5"',
  date_range: (p) =>
    `a date after validFrom (${String(p.from)}): validTo is the first day on which the entry no longer applies`,
  no_overlap: (p) =>
    `a date range that does not overlap another entry of ${String(p.key)} (${String(p.other)}): one rate at a time`,
  tax_base_known: () => '"customsValue" or the code of a tax computed before this one (with a lower order)',
  tax_rate_source: () =>
    'either its own rate ("rate") or the tariff line\'s rate ("rateFrom": "duty" or "excise"), one of the two',
  utc_offset: () => 'an offset from UTC such as "+00:00" or "+01:00"',
  tariff_line_in_force: (p) =>
    `a tariff line with an entry in force in the tariff of ${String(p.country)} on ${String(p.date)} (item ${String(p.item)}: none for ${String(p.line)})`,
  tariff_entries: () => 'at least one tariff line or one tax',
  selectivity_condition: () => 'a condition: {"all": [...]}, {"any": [...]}, {"not": ...} or a predicate',
  selectivity_depth: (p) => `conditions nested at most ${String(p.max)} levels deep`,
  selectivity_operator: (p) => `an operator allowed on ${String(p.field)}: ${String(p.allowed)}`,
  selectivity_prefix: (p) => `the beginning of a code, such as "${String(p.example)}"`,
  selectivity_range: () => 'a pair [min, max] of numbers, min not above max',
  selectivity_word: () => 'a word or phrase with at least one letter or digit',
  selectivity_list_known: (p) => `the id of a list of this rule set (lists: ${String(p.known)})`,
  selectivity_list_kind: (p) => `a list of kind ${String(p.expected)}, not ${String(p.kind)}`,
  selectivity_number_range: (p) => `a number from ${String(p.min)} to ${String(p.max)}`,
  selectivity_date_after: (p) => `a date and time after validFrom (${String(p.from)})`,
  selectivity_rates_total: (p) => `rates totalling at most 100% (here ${String(p.total)}%)`,
  time_of_day: () => 'a time of day in UTC, HH:MM from 00:00 to 23:59, such as "07:30"',
  base64: () => "the file's bytes in base64 (RFC 4648)",
  attachment_size: (p) => `a file of 1 to ${String(p.max)} bytes once decoded`,
  outcome_discrepancies: (p) =>
    p.outcome === 'compliant'
      ? 'no discrepancy: a compliant control found none (or the outcome "non_compliant")'
      : 'at least one discrepancy: a non-compliant control says what it found',
  item_known: (p) => `an item number of the declaration, from 1 to ${String(p.items)}`,
  json: () => 'a well-formed JSON document',
  password_length: (p) =>
    `a password of ${String(p.min)} to ${String(p.max)} characters (a phrase of several words is easiest to remember)`,
  password_contains_username: () => 'a password that does not contain the user name',
  username: () =>
    'a user name of 3 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
  trader_sender: () =>
    "the sender identifier that this trader's documents carry (declarants and carriers only)",
};

const fr: Catalogue = {
  required: () => 'une valeur : ce champ est obligatoire',
  type: (p) => frenchType(String(p.type)),
  unknown_property: (p) => `aucune propriété « ${String(p.name)} » : elle ne fait pas partie de ce document`,
  one_of: (p) => `l'une des valeurs : ${String(p.values)}`,
  text_length: (p) => `un texte de ${String(p.min)} à ${String(p.max)} caractères`,
  list_length: (p) => `une liste de ${String(p.min)} à ${String(p.max)} éléments`,
  no_duplicates: (p) => `aucun doublon : « ${String(p.duplicate)} » figure plus d'une fois`,
  decimal: () => 'un nombre décimal, en texte ou en nombre, par exemple "12500.50"',
  decimal_positive: () => 'un nombre décimal supérieur à zéro',
  decimal_scale: (p) =>
    `un nombre décimal d'au plus ${String(p.scale)} décimales et ${String(p.digits)} chiffres avant la virgule`,
  integer_range: (p) => `un nombre entier de ${String(p.min)} à ${String(p.max)}`,
  datetime: () => 'une date et heure ISO 8601 avec son décalage, par exemple "2026-03-01T08:30:00Z"',
  date: () => 'une date ISO 8601, par exemple "2026-03-01"',
  country: () => 'un code pays ISO 3166-1 alpha-2, par exemple "SN" ou "CN"',
  currency: () => 'un code devise ISO 4217, par exemple "XOF", "EUR" ou "USD"',
  unlocode: () =>
    'un code UN/LOCODE : code pays de deux lettres puis trois lettres ou chiffres 2-9, par exemple "CNSHA"',
  imo_number: () =>
    'un numéro OMI de navire : sept chiffres dont le dernier est la clé de contrôle, par exemple "9321483"',
  container_number: () =>
    'un numéro de conteneur ISO 6346 : code propriétaire, catégorie, six chiffres et une clé de contrôle valide, par exemple "MSCU1234566"',
  tariff_line: () => 'une ligne tarifaire nationale de 8 à 10 chiffres, par exemple "8703231900"',
  hs_subheading_known: (p) =>
    `une ligne tarifaire dont les six premiers chiffres sont une sous-position du SH 2022 (« ${String(p.hs6)} » n'en est pas une)`,
  hs_code: () => 'un code SH de 4 ou 6 chiffres, par exemple "8703" ou "870323"',
  hs_code_known: (p) => `une position ou sous-position du SH 2022 (« ${String(p.code)} » n'en est pas une)`,
  office_known: (p) => `un bureau de douane connu d'Anticipa (bureaux connus : ${String(p.known)})`,
  office_code: () => 'un code de bureau de douane de 2 à 10 majuscules ou chiffres, par exemple "SNDKR"',
  party_code: () =>
    'un identifiant de 1 à 35 lettres, chiffres, points, tirets, barres obliques ou tirets bas',
  reference: (p) =>
    p.kind === 'transport_document'
      ? 'un numéro de connaissement ou de LTA : 3 à 35 majuscules, chiffres, « - » ou « / », par exemple "MEDU12345678"'
      : p.kind === 'voyage'
        ? 'un numéro de voyage ou de vol : 1 à 17 lettres, chiffres, « - » ou « / », par exemple "AX412R"'
        : 'une référence de 1 à 70 caractères sans caractère de contrôle',
  procedure_code: () =>
    'un code de régime douanier de 4 à 7 majuscules ou chiffres, par exemple "4000" ou "4000000"',
  package_kind: () =>
    'un code d\'emballage de la Recommandation 21 de la CEE-ONU, deux majuscules ou chiffres, par exemple "CT" ou "PK"',
  exchange_rate_national: (p) =>
    `un taux de change de 1 quand la facture est dans la monnaie nationale ${String(p.currency)}`,
  supplementary_pair: () => "à la fois une quantité supplémentaire et son unité, ou ni l'une ni l'autre",
  csv_column: (p) => `une colonne nommée « ${String(p.name)} »`,
  hs_subheading: () => 'une sous-position du SH de 6 chiffres, par exemple "870323"',
  valuation_adjusted_value_only: () =>
    'aucune valeur ajustée : seule une décision "value_adjusted" en donne une',
  tariff_code: () =>
    'un chapitre (2 chiffres), une position (4), une sous-position (6) du SH ou une ligne tarifaire nationale (8 à 10 chiffres), par exemple "87", "870323" ou "8703231900"',
  tax_code: () =>
    'un code de taxe de 1 à 16 majuscules, chiffres ou tirets bas, commençant par une lettre, par exemple "TVA" ou "NHIL"',
  rate_percent: () =>
    'un taux en pourcentage de 0 à 1000 avec au plus 4 décimales, par exemple "18" ou "0.5"',
  date_range: (p) =>
    `une date postérieure à validFrom (${String(p.from)}) : validTo est le premier jour où l'entrée ne s'applique plus`,
  no_overlap: (p) =>
    `une période qui ne chevauche pas une autre entrée de ${String(p.key)} (${String(p.other)}) : un seul taux à la fois`,
  tax_base_known: () => '"customsValue" ou le code d\'une taxe calculée avant celle-ci (d\'ordre inférieur)',
  tax_rate_source: () =>
    'soit un taux propre ("rate"), soit le taux de la ligne tarifaire ("rateFrom" : "duty" ou "excise"), l\'un des deux',
  utc_offset: () => 'un décalage par rapport à UTC, par exemple "+00:00" ou "+01:00"',
  tariff_line_in_force: (p) =>
    `une ligne tarifaire ayant une entrée en vigueur dans le tarif de ${String(p.country)} le ${String(p.date)} (article ${String(p.item)} : aucune pour ${String(p.line)})`,
  tariff_entries: () => 'au moins une ligne tarifaire ou une taxe',
  selectivity_condition: () => 'une condition : {"all": [...]}, {"any": [...]}, {"not": ...} ou un prédicat',
  selectivity_depth: (p) => `des conditions imbriquées sur au plus ${String(p.max)} niveaux`,
  selectivity_operator: (p) => `un opérateur permis sur ${String(p.field)} : ${String(p.allowed)}`,
  selectivity_prefix: (p) => `le début d'un code, par exemple "${String(p.example)}"`,
  selectivity_range: () => 'une paire [min, max] de nombres, min ne dépassant pas max',
  selectivity_word: () => 'un mot ou une expression contenant au moins une lettre ou un chiffre',
  selectivity_list_known: (p) => `l'identifiant d'une liste du jeu de règles (listes : ${String(p.known)})`,
  selectivity_list_kind: (p) => `une liste de type ${String(p.expected)}, non ${String(p.kind)}`,
  selectivity_number_range: (p) => `un nombre de ${String(p.min)} à ${String(p.max)}`,
  selectivity_date_after: (p) => `une date et heure postérieure à validFrom (${String(p.from)})`,
  selectivity_rates_total: (p) => `des taux totalisant au plus 100 % (ici ${String(p.total)} %)`,
  time_of_day: () => 'une heure du jour en UTC, HH:MM de 00:00 à 23:59, par exemple "07:30"',
  base64: () => 'les octets du fichier en base64 (RFC 4648)',
  attachment_size: (p) => `un fichier de 1 à ${String(p.max)} octets une fois décodé`,
  outcome_discrepancies: (p) =>
    p.outcome === 'compliant'
      ? 'aucune divergence : un contrôle conforme n\'en a trouvé aucune (ou l\'issue "non_compliant")'
      : "au moins une divergence : un contrôle non conforme dit ce qu'il a trouvé",
  item_known: (p) => `un numéro d'article de la déclaration, de 1 à ${String(p.items)}`,
  json: () => 'un document JSON bien formé',
  password_length: (p) =>
    `un mot de passe de ${String(p.min)} à ${String(p.max)} caractères (une phrase de plusieurs mots se retient le mieux)`,
  password_contains_username: () => "un mot de passe qui ne contient pas le nom d'utilisateur",
  username: () =>
    "un nom d'utilisateur de 3 à 64 lettres, chiffres, points, tirets ou soulignés, commençant par une lettre ou un chiffre",
  trader_sender: () =>
    "l'identifiant d'émetteur que portent les documents de cet opérateur (déclarants et transporteurs seulement)",
};

const frenchTypes: Readonly<Record<string, string>> = {
  'a string': 'un texte',
  'a number': 'un nombre',
  'a whole number': 'un nombre entier',
  'an object': 'un objet',
  'a list': 'une liste',
  'true or false': 'vrai ou faux (true/false)',
};

function frenchType(english: string): string {
  return frenchTypes[english] ?? english;
}

const catalogues: Readonly<Record<Locale, Catalogue>> = { en, fr };

/** Words what a problem expected, in the given language. Never throws. */
export function describeExpected(problem: Problem, locale: Locale): string {
  return catalogues[locale][problem.code](problem.params ?? {});
}

/** Picks the best supported language from an Accept-Language header value, else the fallback. */
export function negotiateLocale(acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    if ((locales as readonly string[]).includes(lang)) return lang as Locale;
  }
  return fallback;
}

/** The catalogue keys, so that a test can check both languages cover every rule. */
export const catalogueKeys = { fr: Object.keys(fr), en: Object.keys(en) };

type ErrorWords = Record<ErrorCode, (d: Params) => string>;

function roleWord(value: unknown, locale: Locale): string {
  const text = String(value);
  return isRole(text) ? roleName(text, locale) : text;
}

function permissionWord(value: unknown, locale: Locale): string {
  const text = String(value);
  return isPermission(text) ? permissionPhrase(text, locale) : text;
}

const errorsEn: ErrorWords = {
  VALIDATION_FAILED: (d) => `The document has ${String(d.count)} problem(s); nothing was stored.`,
  DECLARATION_NOT_FOUND: (d) => `No declaration has the id ${String(d.id)}.`,
  DECLARATION_VERSION_NOT_FOUND: (d) => `Declaration ${String(d.id)} has no version ${String(d.version)}.`,
  MANIFEST_NOT_FOUND: (d) => `No manifest has the id ${String(d.id)}.`,
  MANIFEST_VERSION_NOT_FOUND: (d) => `Manifest ${String(d.id)} has no version ${String(d.version)}.`,
  REFERENCE_IN_USE: (d) =>
    `Sender ${String(d.sender)} already lodged a different document under reference ${String(d.reference)} (id ${String(d.id)}); send changes as an amendment of that document.`,
  IDEMPOTENCY_KEY_REUSED: (d) =>
    `The Idempotency-Key ${String(d.key)} was already used for a different document.`,
  AMENDMENT_IDENTITY_CHANGED: (d) =>
    `An amendment keeps the sender and reference of the document it amends (${String(d.sender)} / ${String(d.reference)}).`,
  EVENT_NOT_APPLICABLE: (d) => `A ${String(d.subject)} does not record the event ${String(d.type)}.`,
  OFFICE_NOT_FOUND: (d) => `No customs office has the code ${String(d.code)}.`,
  ARRIVAL_ALREADY_RECORDED: (d) =>
    `Manifest ${String(d.id)} already records ${String(d.type)} at ${String(d.at)}; a recorded event is never changed.`,
  INVALID_CURSOR: (d) => `The cursor ${String(d.cursor)} is not one this list gave out.`,
  TARIFF_NOT_LOADED: (d) =>
    `No tariff tax is in force for ${String(d.country)} on ${String(d.date)}: load a tariff with \`anticipa tariff import\` or POST /api/tariff/imports.`,
  TARIFF_LINE_NOT_IN_FORCE: (d) =>
    `${String(d.count)} item(s) have a tariff line with no entry in force in the tariff of ${String(d.country)} on ${String(d.date)}; no taxes were computed.`,
  TARIFF_INCONSISTENT: (d) =>
    `The tariff of ${String(d.country)} on ${String(d.date)} bases tax ${String(d.tax)} on ${String(d.component)}, which is computed after it; correct the order of computation.`,
  TARIFF_CURRENCY_MISMATCH: (d) =>
    `The tariff of ${String(d.country)} is in ${String(d.tariffCurrency)}, but duties are owed in ${String(d.nationalCurrency)} (ANTICIPA_NATIONAL_CURRENCY); load the tariff of the configured country.`,
  TARIFF_LINE_NOT_FOUND: (d) =>
    `No tariff entry of ${String(d.country)} is in force for line ${String(d.line)} on ${String(d.date)}.`,
  DECLARATION_NOT_CANCELLABLE: (d) =>
    `Declaration ${String(d.id)} is ${String(d.status)}: a released file can no longer be cancelled.`,
  DECLARATION_CANCELLED: (d) => `Declaration ${String(d.id)} was cancelled: it can no longer be amended.`,
  VALUATION_ITEM_NOT_FOUND: (d) =>
    `Declaration ${String(d.id)} has no item ${String(d.item)} in its current version (items 1 to ${String(d.items)}).`,
  VALUATION_DECISION_NOT_FOUND: (d) => `No valuation decision has the id ${String(d.id)}.`,
  VALUATION_DECISION_SUPERSEDED: (d) =>
    `Valuation decision ${String(d.id)} was superseded by decision ${String(d.current)}; an appeal is lodged against the decision in force.`,
  VALUATION_APPEAL_NOT_FOUND: (d) => `No valuation appeal has the id ${String(d.id)}.`,
  VALUATION_APPEAL_EXISTS: (d) =>
    `Valuation decision ${String(d.id)} already has an appeal (${String(d.appeal)}); a decision is appealed once.`,
  VALUATION_APPEAL_ALREADY_DECIDED: (d) =>
    `Valuation appeal ${String(d.id)} was already ${String(d.outcome)}; a recorded outcome is never changed.`,
  RULE_SET_NOT_FOUND: (d) => `No rule set has the version ${String(d.version)}.`,
  NO_ACTIVE_RULE_SET: () => 'No rule set is active: files are not assessed until one is activated.',
  ASSESSMENT_NOT_FOUND: (d) => `Declaration ${String(d.id)} has not been assessed.`,
  WATCHLIST_NOT_FOUND: (d) =>
    `Rule set ${String(d.version)} has no watchlist ${String(d.list)}: add the list to the rule set first.`,
  BACKTEST_NOT_FOUND: (d) => `No backtest has the id ${String(d.id)} (results are kept for 24 hours).`,
  BACKTEST_FAILED: (d) => `The backtest stopped on an unexpected error: ${String(d.message)}`,
  TARGETING_NOT_ENOUGH_RESULTS: (d) =>
    `Too few inspection results to train and test a model: ${String(d.rows)} inspected items of which ${String(d.frauds)} non-compliant; at least ${String(d.minimumRows)} items and ${String(d.minimumFrauds)} non-compliant ones are needed, both outcomes present in the earlier and the latest days.`,
  TARGETING_MODEL_NOT_FOUND: (d) => `No targeting model has the id ${String(d.id)}.`,
  CLEARANCE_TRANSITION_REFUSED: (d) =>
    `The file is ${String(d.state)}: ${String(d.event)} is refused${d.missing === undefined ? '' : ` (conditions not met: ${conditionWords(d.missing, 'en')})`}. Allowed now: ${String(d.allowed) || 'nothing'}.`,
  LANE_REROUTE_REASON_REQUIRED: (d) =>
    `Re-routing the file from ${String(d.from)} to ${String(d.to)} needs a reason: the supervisor says why.`,
  INSPECTION_RESULT_ID_REUSED: (d) =>
    `Inspection result ${String(d.id)} was already recorded with other content; a recorded result is never changed (send a new result id only for another control).`,
  INSPECTION_RESULT_NOT_FOUND: (d) => `Declaration ${String(d.id)} has no inspection result yet.`,
  ATTACHMENT_NOT_FOUND: (d) => `No inspection photo has the id ${String(d.id)}.`,
  OFFICER_NOT_FOUND: (d) => `No officer of the roster has the id ${String(d.id)}.`,
  OFFICER_EXISTS: (d) => `The roster already has an officer with the id ${String(d.id)}.`,
  SCANNER_NOT_FOUND: (d) => `No scanner has the id ${String(d.id)}.`,
  SCANNER_EXISTS: (d) => `A scanner with the id ${String(d.id)} is already registered.`,
  AUTHENTICATION_REQUIRED: () =>
    'Sign in first: send the session cookie (web) or an API key in "Authorization: Bearer <key>".',
  SIGN_IN_FAILED: () => 'The user name or the password is wrong, or the account is disabled.',
  SIGN_IN_THROTTLED: (d) =>
    `Too many failed sign-ins for this account or address: try again in ${String(d.minutes)} minute(s).`,
  CSRF_TOKEN_INVALID: () =>
    'This change needs the X-CSRF-Token header of the signed-in session (as given by GET /api/session).',
  PERMISSION_DENIED: (d) =>
    `The role ${roleWord(d.role, 'en')} may not ${permissionWord(d.permission, 'en')}.`,
  OFFICE_OUT_OF_SCOPE: (d) => `The office ${String(d.office)} is not one of yours (${String(d.offices)}).`,
  SENDER_OUT_OF_SCOPE: (d) =>
    `You send as ${String(d.expected)}: a document with the sender ${String(d.sender)} is not yours to send.`,
  FOUR_EYES_REQUIRED: (d) =>
    `${String(d.author)} authored ${d.kind === 'targeting_model' ? 'targeting model' : 'rule set'} ${String(d.id)}: another person must put it in force (four eyes).`,
  CONTROL_NOT_ASSIGNED: (d) =>
    `The control of file ${String(d.id)} is not assigned to you (${String(d.officer)}) in a day plan of its office.`,
  USER_NOT_FOUND: (d) => `No user has the id or name ${String(d.id)}.`,
  USER_EXISTS: (d) => `A user named ${String(d.username)} already exists.`,
  API_KEY_NOT_FOUND: (d) => `No API key has the id ${String(d.id)}.`,
  RATE_LIMITED: (d) =>
    `Too many requests: at most ${String(d.max)} per minute. Try again in ${String(d.seconds)} s.`,
};

const errorsFr: ErrorWords = {
  VALIDATION_FAILED: (d) => `Le document comporte ${String(d.count)} problème(s) ; rien n'a été enregistré.`,
  DECLARATION_NOT_FOUND: (d) => `Aucune déclaration n'a l'identifiant ${String(d.id)}.`,
  DECLARATION_VERSION_NOT_FOUND: (d) =>
    `La déclaration ${String(d.id)} n'a pas de version ${String(d.version)}.`,
  MANIFEST_NOT_FOUND: (d) => `Aucun manifeste n'a l'identifiant ${String(d.id)}.`,
  MANIFEST_VERSION_NOT_FOUND: (d) => `Le manifeste ${String(d.id)} n'a pas de version ${String(d.version)}.`,
  REFERENCE_IN_USE: (d) =>
    `L'expéditeur ${String(d.sender)} a déjà déposé un document différent sous la référence ${String(d.reference)} (identifiant ${String(d.id)}) ; envoyez les changements comme une modification de ce document.`,
  IDEMPOTENCY_KEY_REUSED: (d) =>
    `La clé Idempotency-Key ${String(d.key)} a déjà servi pour un autre document.`,
  AMENDMENT_IDENTITY_CHANGED: (d) =>
    `Une modification garde l'expéditeur et la référence du document modifié (${String(d.sender)} / ${String(d.reference)}).`,
  EVENT_NOT_APPLICABLE: (d) => `Un ${String(d.subject)} n'enregistre pas l'événement ${String(d.type)}.`,
  OFFICE_NOT_FOUND: (d) => `Aucun bureau de douane n'a le code ${String(d.code)}.`,
  ARRIVAL_ALREADY_RECORDED: (d) =>
    `Le manifeste ${String(d.id)} enregistre déjà ${String(d.type)} à ${String(d.at)} ; un événement enregistré n'est jamais modifié.`,
  INVALID_CURSOR: (d) => `Le curseur ${String(d.cursor)} n'a pas été donné par cette liste.`,
  TARIFF_NOT_LOADED: (d) =>
    `Aucune taxe du tarif de ${String(d.country)} n'est en vigueur le ${String(d.date)} : chargez un tarif avec \`anticipa tariff import\` ou POST /api/tariff/imports.`,
  TARIFF_LINE_NOT_IN_FORCE: (d) =>
    `${String(d.count)} article(s) ont une ligne tarifaire sans entrée en vigueur dans le tarif de ${String(d.country)} le ${String(d.date)} ; aucune taxe n'a été calculée.`,
  TARIFF_INCONSISTENT: (d) =>
    `Le tarif de ${String(d.country)} au ${String(d.date)} assoit la taxe ${String(d.tax)} sur ${String(d.component)}, calculée après elle ; corrigez l'ordre de calcul.`,
  TARIFF_CURRENCY_MISMATCH: (d) =>
    `Le tarif de ${String(d.country)} est en ${String(d.tariffCurrency)}, mais les droits sont dus en ${String(d.nationalCurrency)} (ANTICIPA_NATIONAL_CURRENCY) ; chargez le tarif du pays configuré.`,
  TARIFF_LINE_NOT_FOUND: (d) =>
    `Aucune entrée du tarif de ${String(d.country)} n'est en vigueur pour la ligne ${String(d.line)} le ${String(d.date)}.`,
  DECLARATION_NOT_CANCELLABLE: (d) =>
    `La déclaration ${String(d.id)} est au statut ${String(d.status)} : un dossier mainlevé ne peut plus être annulé.`,
  DECLARATION_CANCELLED: (d) =>
    `La déclaration ${String(d.id)} a été annulée : elle ne peut plus être modifiée.`,
  VALUATION_ITEM_NOT_FOUND: (d) =>
    `La déclaration ${String(d.id)} n'a pas d'article ${String(d.item)} dans sa version en vigueur (articles 1 à ${String(d.items)}).`,
  VALUATION_DECISION_NOT_FOUND: (d) => `Aucune décision de valeur n'a l'identifiant ${String(d.id)}.`,
  VALUATION_DECISION_SUPERSEDED: (d) =>
    `La décision de valeur ${String(d.id)} a été remplacée par la décision ${String(d.current)} ; un recours vise la décision en vigueur.`,
  VALUATION_APPEAL_NOT_FOUND: (d) => `Aucun recours en matière de valeur n'a l'identifiant ${String(d.id)}.`,
  VALUATION_APPEAL_EXISTS: (d) =>
    `La décision de valeur ${String(d.id)} fait déjà l'objet d'un recours (${String(d.appeal)}) ; une décision ne fait l'objet que d'un recours.`,
  VALUATION_APPEAL_ALREADY_DECIDED: (d) =>
    `Le recours ${String(d.id)} a déjà été tranché (${String(d.outcome)}) ; une issue enregistrée n'est jamais modifiée.`,
  RULE_SET_NOT_FOUND: (d) => `Aucun jeu de règles n'a la version ${String(d.version)}.`,
  NO_ACTIVE_RULE_SET: () =>
    "Aucun jeu de règles n'est actif : les dossiers ne sont pas évalués tant qu'aucun n'est activé.",
  ASSESSMENT_NOT_FOUND: (d) => `La déclaration ${String(d.id)} n'a pas été évaluée.`,
  WATCHLIST_NOT_FOUND: (d) =>
    `Le jeu de règles ${String(d.version)} n'a pas de liste ${String(d.list)} : ajoutez d'abord la liste au jeu de règles.`,
  BACKTEST_NOT_FOUND: (d) =>
    `Aucune simulation rétrospective n'a l'identifiant ${String(d.id)} (les résultats sont gardés 24 heures).`,
  BACKTEST_FAILED: (d) =>
    `La simulation rétrospective s'est arrêtée sur une erreur inattendue : ${String(d.message)}`,
  TARGETING_NOT_ENOUGH_RESULTS: (d) =>
    `Trop peu de résultats de contrôle pour entraîner et éprouver un modèle : ${String(d.rows)} articles contrôlés dont ${String(d.frauds)} non conformes ; il en faut au moins ${String(d.minimumRows)}, dont ${String(d.minimumFrauds)} non conformes, avec les deux issues parmi les jours anciens et les plus récents.`,
  TARGETING_MODEL_NOT_FOUND: (d) => `Aucun modèle de ciblage n'a l'identifiant ${String(d.id)}.`,
  CLEARANCE_TRANSITION_REFUSED: (d) =>
    `Le dossier est à l'état ${String(d.state)} : ${String(d.event)} est refusé${d.missing === undefined ? '' : ` (conditions non remplies : ${conditionWords(d.missing, 'fr')})`}. Permis maintenant : ${String(d.allowed) || 'rien'}.`,
  LANE_REROUTE_REASON_REQUIRED: (d) =>
    `Réorienter le dossier du circuit ${String(d.from)} vers ${String(d.to)} exige un motif : le superviseur dit pourquoi.`,
  INSPECTION_RESULT_ID_REUSED: (d) =>
    `Le résultat de contrôle ${String(d.id)} a déjà été enregistré avec un autre contenu ; un résultat enregistré n'est jamais modifié (un nouvel identifiant ne sert qu'à un autre contrôle).`,
  INSPECTION_RESULT_NOT_FOUND: (d) =>
    `La déclaration ${String(d.id)} n'a pas encore de résultat de contrôle.`,
  ATTACHMENT_NOT_FOUND: (d) => `Aucune photo de contrôle n'a l'identifiant ${String(d.id)}.`,
  OFFICER_NOT_FOUND: (d) => `Aucun agent du tableau de service n'a l'identifiant ${String(d.id)}.`,
  OFFICER_EXISTS: (d) => `Le tableau de service a déjà un agent d'identifiant ${String(d.id)}.`,
  SCANNER_NOT_FOUND: (d) => `Aucun scanner n'a l'identifiant ${String(d.id)}.`,
  SCANNER_EXISTS: (d) => `Un scanner d'identifiant ${String(d.id)} est déjà enregistré.`,
  AUTHENTICATION_REQUIRED: () =>
    'Connectez-vous d’abord : envoyez le cookie de session (web) ou une clé d’API dans « Authorization: Bearer <clé> ».',
  SIGN_IN_FAILED: () => 'Le nom d’utilisateur ou le mot de passe est erroné, ou le compte est désactivé.',
  SIGN_IN_THROTTLED: (d) =>
    `Trop de connexions échouées pour ce compte ou cette adresse : réessayez dans ${String(d.minutes)} minute(s).`,
  CSRF_TOKEN_INVALID: () =>
    'Cette modification exige l’en-tête X-CSRF-Token de la session ouverte (donné par GET /api/session).',
  PERMISSION_DENIED: (d) =>
    `Action refusée au rôle ${roleWord(d.role, 'fr')} : ${permissionWord(d.permission, 'fr')}.`,
  OFFICE_OUT_OF_SCOPE: (d) =>
    `Le bureau ${String(d.office)} n'est pas l'un des vôtres (${String(d.offices)}).`,
  SENDER_OUT_OF_SCOPE: (d) =>
    `Vous émettez sous ${String(d.expected)} : un document de l'émetteur ${String(d.sender)} n'est pas le vôtre.`,
  FOUR_EYES_REQUIRED: (d) =>
    `${String(d.author)} est l'auteur ${d.kind === 'targeting_model' ? 'du modèle de ciblage' : 'du jeu de règles'} ${String(d.id)} : une autre personne doit le mettre en vigueur (quatre yeux).`,
  CONTROL_NOT_ASSIGNED: (d) =>
    `Le contrôle du dossier ${String(d.id)} ne vous est pas attribué (${String(d.officer)}) dans un plan du jour de son bureau.`,
  USER_NOT_FOUND: (d) => `Aucun utilisateur n'a l'identifiant ou le nom ${String(d.id)}.`,
  USER_EXISTS: (d) => `Un utilisateur nommé ${String(d.username)} existe déjà.`,
  API_KEY_NOT_FOUND: (d) => `Aucune clé d'API n'a l'identifiant ${String(d.id)}.`,
  RATE_LIMITED: (d) =>
    `Trop de requêtes : au plus ${String(d.max)} par minute. Réessayez dans ${String(d.seconds)} s.`,
};

/** The conditions of a clearance step (clearance/clearance-state.ts), worded; unknown names are kept as they are. */
const clearanceConditionWords: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: {
    lodged: 'declaration lodged',
    not_lodged: 'declaration not yet lodged',
    lane_assigned: 'lane assigned',
    lane_controlled: 'red or yellow lane',
    means_arrived: 'goods arrived',
    no_control_planned: 'no control planned yet',
    control_planned: 'control planned',
    control_not_started: 'control not yet started',
    control_started: 'control started',
    control_finished: 'control finished',
    not_paid: 'not yet paid',
    not_settled: 'neither paid nor guaranteed yet',
    paid_or_guaranteed: 'duties paid or guaranteed',
    released: 'goods released',
    not_released: 'goods not yet released',
    not_exited: 'goods not yet exited',
    not_cancelled: 'file not cancelled',
  },
  fr: {
    lodged: 'déclaration déposée',
    not_lodged: 'déclaration pas encore déposée',
    lane_assigned: 'circuit attribué',
    lane_controlled: 'circuit rouge ou jaune',
    means_arrived: 'marchandises arrivées',
    no_control_planned: 'aucun contrôle encore programmé',
    control_planned: 'contrôle programmé',
    control_not_started: 'contrôle pas encore commencé',
    control_started: 'contrôle commencé',
    control_finished: 'contrôle terminé',
    not_paid: 'pas encore payé',
    not_settled: 'ni payé ni garanti',
    paid_or_guaranteed: 'droits payés ou garantis',
    released: 'mainlevée donnée',
    not_released: 'mainlevée pas encore donnée',
    not_exited: 'marchandises pas encore sorties',
    not_cancelled: 'dossier non annulé',
  },
};

function conditionWords(missing: string | number, locale: Locale): string {
  return String(missing)
    .split(', ')
    .map((name) => clearanceConditionWords[locale][name] ?? name)
    .join(', ');
}

const errorCatalogues: Readonly<Record<Locale, ErrorWords>> = { en: errorsEn, fr: errorsFr };

/** Words an application error in the given language. Never throws. */
export function describeError(error: AppError, locale: Locale): string {
  return errorCatalogues[locale][error.code](error.details ?? {});
}

/** The error catalogue keys, so that a test can check both languages cover every code. */
export const errorCatalogueKeys = { fr: Object.keys(errorsFr), en: Object.keys(errorsEn) };
