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
 * The words of a text, lower case, without accents, joined by single spaces ("" when the text
 * has no letter or digit). Ligatures are spread out (œ → oe), so "Œufs" reads "oeufs".
 */
export function normalizeWords(text: string): string {
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
