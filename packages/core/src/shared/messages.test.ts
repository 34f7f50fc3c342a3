import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorCodes } from './error-codes.ts';
import { catalogueKeys, describeError, errorCatalogueKeys, negotiateLocale } from './messages.ts';

describe('message catalogues', () => {
  it('word every expectation in French and in English', () => {
    assert.deepEqual([...catalogueKeys.fr].sort(), [...catalogueKeys.en].sort());
  });

  it('word every error code in French and in English', () => {
    assert.deepEqual([...errorCatalogueKeys.fr].sort(), [...errorCodes].sort());
    assert.deepEqual([...errorCatalogueKeys.en].sort(), [...errorCodes].sort());
    assert.match(
      describeError({ code: 'DECLARATION_NOT_FOUND', details: { id: 'abc' } }, 'fr'),
      /Aucune déclaration.*abc/,
    );
  });

  it('negotiates the language from Accept-Language', () => {
    assert.equal(negotiateLocale('en-GB,en;q=0.9', 'fr'), 'en');
    assert.equal(negotiateLocale('pt-PT, fr;q=0.5, en;q=0.4', 'en'), 'fr');
    assert.equal(negotiateLocale('de', 'fr'), 'fr');
    assert.equal(negotiateLocale(undefined, 'en'), 'en');
  });
});
