import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planTariffVersion, type IncomingRange, type StoredRange } from './tariff-versions.ts';

type Rate = string;
const same = (a: Rate, b: Rate) => a === b;

const stored = (
  id: number,
  key: string,
  content: Rate,
  validFrom: string,
  validTo?: string,
): StoredRange<Rate, number> => ({
  id,
  key,
  content,
  validFrom,
  ...(validTo === undefined ? {} : { validTo }),
});
const incoming = (key: string, content: Rate, validFrom: string, validTo?: string): IncomingRange<Rate> => ({
  key,
  content,
  validFrom,
  ...(validTo === undefined ? {} : { validTo }),
});

describe('planning a new tariff version', () => {
  it('closes the range in force at the new rate’s first day and inserts the new rate: history stays', () => {
    const plan = planTariffVersion(
      [stored(1, 'TVA', '18', '2015-01-01')],
      [incoming('TVA', '20', '2026-04-01')],
      same,
    );
    assert.deepEqual(plan.close, [{ id: 1, validTo: '2026-04-01' }]);
    assert.deepEqual(plan.insert, [incoming('TVA', '20', '2026-04-01')]);
    assert.deepEqual(plan.supersede, []);
    assert.equal(plan.unchanged, 0);
  });

  it('changes nothing when the same document is loaded again', () => {
    const rows = [stored(1, 'TVA', '18', '2015-01-01', '2026-04-01'), stored(2, 'TVA', '20', '2026-04-01')];
    const plan = planTariffVersion(
      rows,
      [incoming('TVA', '18', '2015-01-01', '2026-04-01'), incoming('TVA', '20', '2026-04-01')],
      same,
    );
    assert.deepEqual(plan, { insert: [], close: [], supersede: [], unchanged: 2 });
  });

  it('lets an unchanged rate run on when a full new version restates it from a later date', () => {
    const plan = planTariffVersion(
      [stored(1, '100630', '10', '2015-01-01'), stored(2, '190531', '20', '2015-01-01')],
      [incoming('100630', '10', '2027-01-01'), incoming('190531', '35', '2027-01-01')],
      same,
    );
    assert.deepEqual(plan.close, [{ id: 2, validTo: '2027-01-01' }]);
    assert.deepEqual(plan.insert, [incoming('190531', '35', '2027-01-01')]);
    assert.equal(plan.unchanged, 1);
  });

  it('closes an unchanged rate where the document ends it', () => {
    const plan = planTariffVersion(
      [stored(1, 'PUA', '0.2', '2015-01-01')],
      [incoming('PUA', '0.2', '2020-01-01', '2027-01-01')],
      same,
    );
    assert.deepEqual(plan, {
      insert: [],
      close: [{ id: 1, validTo: '2027-01-01' }],
      supersede: [],
      unchanged: 0,
    });
  });

  it('supersedes entries starting on or after the document’s first date, keeping them marked', () => {
    const plan = planTariffVersion(
      [stored(1, 'TVA', '18', '2015-01-01', '2026-04-01'), stored(2, 'TVA', '20', '2026-04-01')],
      // A correction: the increase is cancelled, 18 % goes on.
      [incoming('TVA', '18', '2015-01-01')],
      same,
    );
    assert.deepEqual(plan.supersede, [1, 2]);
    assert.deepEqual(plan.insert, [incoming('TVA', '18', '2015-01-01')]);
    assert.deepEqual(plan.close, []);
  });

  it('inserts a temporary rate and the rate that follows it, closing the old one', () => {
    const plan = planTariffVersion(
      [stored(1, '100630', '10', '2015-01-01')],
      [incoming('100630', '0', '2026-05-01', '2026-11-01'), incoming('100630', '10', '2026-11-01')],
      same,
    );
    assert.deepEqual(plan.close, [{ id: 1, validTo: '2026-05-01' }]);
    assert.deepEqual(
      plan.insert.map((entry) => [entry.content, entry.validFrom, entry.validTo]),
      [
        ['0', '2026-05-01', '2026-11-01'],
        ['10', '2026-11-01', undefined],
      ],
    );
  });

  it('leaves alone keys the document does not name and ranges that ended before its first date', () => {
    const plan = planTariffVersion(
      [
        stored(1, 'RS', '1', '2015-01-01'),
        stored(2, 'TVA', '20', '2010-01-01', '2015-01-01'),
        stored(3, 'TVA', '18', '2015-01-01'),
      ],
      [incoming('TVA', '19', '2026-01-01')],
      same,
    );
    assert.deepEqual(plan.close, [{ id: 3, validTo: '2026-01-01' }]);
    assert.deepEqual(plan.supersede, []);
    assert.equal(plan.insert.length, 1);
  });
});
