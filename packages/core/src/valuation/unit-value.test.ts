import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unitValueOf } from './unit-value.ts';

describe('unit value of an item', () => {
  it('divides the national value by the net mass in kg when there is no supplementary quantity', () => {
    assert.deepEqual(unitValueOf({ customsValue: '100', netMass: '8' }, '655.957'), {
      unit: 'KG',
      quantity: '8',
      value: '65595.7',
      unitValue: '8199.4625',
    });
  });

  it('uses the supplementary quantity in its unit when the item gives one', () => {
    const cars = unitValueOf(
      { customsValue: '24000', netMass: '2900', supplementaryQuantity: '2', supplementaryUnit: 'U' },
      '1',
    );
    assert.equal(cars.unit, 'U');
    assert.equal(cars.quantity, '2');
    assert.equal(cars.unitValue, '12000');
  });

  it('ignores a supplementary quantity without its unit', () => {
    assert.equal(
      unitValueOf(
        { customsValue: '10', netMass: '4', supplementaryQuantity: '5', supplementaryUnit: null },
        '1',
      ).unit,
      'KG',
    );
  });

  it('rounds the unit value half-even to 6 places, keeping the value exact', () => {
    const third = unitValueOf({ customsValue: '1', netMass: '3' }, '1');
    assert.equal(third.unitValue, '0.333333');
    assert.equal(third.value, '1');
    // 0.0000125 is a tie at 6 places: half-even keeps the even digit 2.
    assert.equal(unitValueOf({ customsValue: '0.01', netMass: '800' }, '1').unitValue, '0.000012');
    const rate = unitValueOf({ customsValue: '12500.50', netMass: '10000' }, '605.123456');
    assert.equal(rate.value, '7564345.761728');
    assert.equal(rate.unitValue, '756.434576');
  });

  it('refuses a zero quantity (a programming error: intake never stores one)', () => {
    assert.throws(() => unitValueOf({ customsValue: '1', netMass: '0' }, '1'), RangeError);
  });
});
