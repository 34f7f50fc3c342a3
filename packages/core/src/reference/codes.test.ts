import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  containerCheckDigit,
  isContainerNumber,
  isCountryCode,
  isCurrencyCode,
  isImoNumber,
  isUnLocode,
} from './codes.ts';

describe('reference codes', () => {
  it('knows ISO 3166-1 countries and refuses made-up ones', () => {
    assert.equal(isCountryCode('SN'), true);
    assert.equal(isCountryCode('CI'), true);
    assert.equal(isCountryCode('XX'), false);
    assert.equal(isCountryCode('sn'), false);
  });

  it('knows ISO 4217 currencies', () => {
    assert.equal(isCurrencyCode('XOF'), true);
    assert.equal(isCurrencyCode('GHS'), true);
    assert.equal(isCurrencyCode('FCF'), false);
  });

  it('checks UN/LOCODE shape and country', () => {
    assert.equal(isUnLocode('SNDKR'), true);
    assert.equal(isUnLocode('CNSHA'), true);
    assert.equal(isUnLocode('XXDKR'), false);
    assert.equal(isUnLocode('SNDK1'), false);
  });

  it('checks the IMO check digit', () => {
    // Published example of IMO Resolution A.1078(28): IMO 9074729.
    assert.equal(isImoNumber('9074729'), true);
    assert.equal(isImoNumber('IMO 9074729'), true);
    assert.equal(isImoNumber('9074728'), false);
    assert.equal(isImoNumber('907472'), false);
  });

  it('checks the ISO 6346 check digit', () => {
    // Example from ISO 6346 Annex A: CSQU 305438 3.
    assert.equal(containerCheckDigit('CSQU305438'), 3);
    assert.equal(isContainerNumber('CSQU3054383'), true);
    assert.equal(isContainerNumber('CSQU3054384'), false);
    assert.equal(isContainerNumber('CSQX3054383'), false);
  });
});
