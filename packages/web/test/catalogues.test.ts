// No word a user reads is missing from either language: the French and English catalogues have
// the same keys, and no entry is empty in either.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from '../src/i18n/en.ts';
import { fr } from '../src/i18n/fr.ts';

/** Every leaf of a catalogue as [dotted key, text]. */
function entries(catalogue: object, prefix = ''): [string, unknown][] {
  return Object.entries(catalogue as Record<string, unknown>).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null
      ? entries(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

describe('web catalogues', () => {
  it('have the same keys in French and English', () => {
    const frKeys = entries(fr).map(([key]) => key);
    const enKeys = entries(en).map(([key]) => key);
    assert.deepEqual([...enKeys].sort(), [...frKeys].sort());
    assert.ok(frKeys.length > 200, `only ${frKeys.length} keys: the catalogues were not read`);
  });

  it('have no empty or non-text entry', () => {
    for (const [language, catalogue] of [
      ['fr', fr],
      ['en', en],
    ] as const) {
      for (const [key, text] of entries(catalogue)) {
        assert.equal(typeof text, 'string', `${language}: ${key} is not text`);
        assert.notEqual((text as string).trim(), '', `${language}: ${key} is empty`);
      }
    }
  });

  it('use the same interpolations in both languages', () => {
    const english = new Map(entries(en));
    for (const [key, text] of entries(fr)) {
      const names = (value: unknown) => [...String(value).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(names(english.get(key)), names(text), `interpolations differ at ${key}`);
    }
  });
});
