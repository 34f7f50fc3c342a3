import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from './seeded-random.ts';
import { normalizeWords, wordSearchKey } from './word-match.ts';

/** The definition, without the ASCII shortcut: NFD, no marks, lower case, ligatures spread, one space between words. */
function reference(text: string): string {
  const ligatures: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[œæß]/g, (letter) => ligatures[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

describe('words of free text', () => {
  it('reads the same words whatever the case, accents, ligatures and punctuation', () => {
    assert.equal(normalizeWords("Véhicules d'OCCASION"), 'vehicules d occasion');
    assert.equal(normalizeWords('  Œufs & Co.  '), 'oeufs co');
    assert.equal(normalizeWords('SELLER 123 TRADING CO.'), 'seller 123 trading co');
    assert.equal(normalizeWords('--- !!'), '');
    assert.equal(wordSearchKey('Used cars, 2nd-hand'), ' used cars 2nd hand ');
  });

  it('gives exactly what the full Unicode normalisation gives, ASCII or not', () => {
    const random = seededRandom('words');
    const alphabet = [
      'a',
      'Z',
      '0',
      '9',
      ' ',
      '\t',
      '_',
      '-',
      "'",
      '.',
      ',',
      'é',
      'É',
      'œ',
      'Æ',
      'ß',
      'ñ',
      'ü',
      'İ',
      'ǅ',
      '\u0301',
      '٣',
      '中',
      '\u00a0',
      '\n',
    ];
    for (let sample = 0; sample < 20_000; sample += 1) {
      const ascii = random() < 0.5;
      const length = Math.floor(random() * 24);
      let text = '';
      for (let index = 0; index < length; index += 1) {
        text += ascii
          ? String.fromCharCode(Math.floor(random() * 128))
          : (alphabet[Math.floor(random() * alphabet.length)] as string);
      }
      assert.equal(normalizeWords(text), reference(text), JSON.stringify(text));
    }
  });
});
