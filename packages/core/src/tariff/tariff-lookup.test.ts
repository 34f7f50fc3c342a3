import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findTariffLine,
  isInForce,
  tariffCodesFor,
  tariffDateOf,
  taxScope,
  type TaxRule,
} from './tariff-lookup.ts';

describe('what is in force', () => {
  it('reads the date of an instant in the legal time of the country', () => {
    assert.equal(tariffDateOf(new Date('2026-01-31T23:30:00Z'), '+01:00'), '2026-02-01');
    assert.equal(tariffDateOf(new Date('2026-01-31T23:30:00Z'), '+00:00'), '2026-01-31');
    assert.equal(tariffDateOf(new Date('2026-02-01T00:30:00Z'), '-01:00'), '2026-01-31');
  });

  it('takes validFrom as the first day and validTo as the first day after', () => {
    const entry = { validFrom: '2026-01-01', validTo: '2026-04-01' };
    assert.equal(isInForce(entry, '2025-12-31'), false);
    assert.equal(isInForce(entry, '2026-01-01'), true);
    assert.equal(isInForce(entry, '2026-03-31'), true);
    assert.equal(isInForce(entry, '2026-04-01'), false);
    assert.equal(isInForce({ validFrom: '2026-01-01' }, '2099-01-01'), true);
  });

  it('lists the codes a line may be listed under, longest first', () => {
    assert.deepEqual(tariffCodesFor('8703231900'), [
      '8703231900',
      '870323190',
      '87032319',
      '870323',
      '8703',
      '87',
    ]);
    assert.deepEqual(tariffCodesFor('87032319'), ['87032319', '870323', '8703', '87']);
  });

  it('matches the exact line, else the longest listed prefix in force', () => {
    const lines = [
      { line: '87', dutyRate: '20', validFrom: '2015-01-01' },
      { line: '870323', dutyRate: '10', validFrom: '2015-01-01', validTo: '2026-01-01' },
      { line: '8703231900', dutyRate: '35', validFrom: '2015-01-01' },
    ];
    assert.equal(findTariffLine(lines, '8703231900', '2025-06-01')?.dutyRate, '35');
    assert.equal(findTariffLine(lines, '8703231000', '2025-06-01')?.dutyRate, '10');
    // The subheading's entry ended: the chapter's default applies.
    assert.equal(findTariffLine(lines, '8703231000', '2026-06-01')?.dutyRate, '20');
    assert.equal(findTariffLine(lines, '1006300000', '2026-06-01'), undefined);
  });

  it('tells a tax in scope from one out of scope and one exempt', () => {
    const tax: TaxRule = {
      code: 'X',
      name: { fr: 'X', en: 'X' },
      rate: '1',
      base: ['customsValue'],
      order: 1,
      validFrom: '2015-01-01',
      appliesTo: ['1006', '0303'],
      exempt: ['100640'],
    };
    assert.equal(taxScope(tax, '1006300000'), 'applies');
    assert.equal(taxScope(tax, '1006400000'), 'exempt');
    assert.equal(taxScope(tax, '8703231900'), 'out_of_scope');
    assert.equal(taxScope({ ...tax, appliesTo: undefined }, '8703231900'), 'applies');
  });
});
