/**
 * Case- and accent-insensitive comparison of free text, for the words of a goods description
 * and the names of sellers: "Véhicules d'OCCASION" and "vehicules d occasion" read the same.
 * Goods descriptions are written by brokers in French, English or Portuguese, with or
 * without accents; a criterion written once must catch every spelling.
 */

const marks = /\p{M}+/gu;
const separators = /[^\p{L}\p{N}]+/gu;
const ligatures: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss' };
const ligature = /[œæß]/g;
/**
 * In ASCII text, the separators once lower-cased: NFD changes no ASCII character, none is a
 * mark or a ligature, and its letters and digits are exactly a-z, A-Z and 0-9.
 */
const asciiSeparators = /[^a-z0-9]+/g;

/**
 * Whether every character is ASCII: most descriptions and names are, and for them the words
 * are found without Unicode normalisation (several times slower, on every goods item).
 */
function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 127) return false;
  return true;
}

/**
 * The words of a text, lower case, without accents, joined by single spaces ("" when the text
 * has no letter or digit). Ligatures are spread out (œ → oe), so "Œufs" reads "oeufs".
 */
export function normalizeWords(text: string): string {
  if (isAscii(text)) return text.toLowerCase().replace(asciiSeparators, ' ').trim();
  return text
    .normalize('NFD')
    .replace(marks, '')
    .toLowerCase()
    .replace(ligature, (letter) => ligatures[letter] ?? letter)
    .replace(separators, ' ')
    .trim();
}

/**
 * The key of a description for whole-word search: its normalised words between spaces, so
 * that `key.includes(' ' + phrase + ' ')` finds a word or a phrase only on word boundaries
 * ("cigarette" is not found in "cigarettes").
 */
export function wordSearchKey(text: string): string {
  return ` ${normalizeWords(text)} `;
}
