import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RebuildReport } from './valuation-rebuild.ts';
import { scheduleValuationRebuilds } from './valuation-schedule.ts';

/** A stand-in for the service: counts rebuilds, fails when told to. */
function fakeValuation(options: { hasBands: boolean; fail?: boolean }) {
  const calls = { rebuilds: 0 };
  return {
    rebuilds: () => calls.rebuilds,
    hasBands: () => Promise.resolve(options.hasBands),
    rebuild: () => {
      calls.rebuilds += 1;
      return options.fail
        ? Promise.reject(new Error('database gone'))
        : Promise.resolve({ bands: 3, items: 40, declarations: 30 } as RebuildReport);
    },
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('valuation rebuild schedule', () => {
  it('rebuilds at start when there are no bands, then on the interval, and stops cleanly', async () => {
    const valuation = fakeValuation({ hasBands: false });
    const lines: string[] = [];
    // 0.00001 h = 36 ms.
    const schedule = scheduleValuationRebuilds(valuation, {
      everyHours: 0.00001,
      log: (line) => lines.push(line),
    });
    await schedule.started;
    assert.equal(valuation.rebuilds(), 1);
    assert.match(lines[0] ?? '', /rebuilt \(no bands yet\).*3 bands from 40 items of 30/);
    await wait(150);
    await schedule.stop();
    const afterStop = valuation.rebuilds();
    assert.ok(afterStop >= 3, `expected scheduled rebuilds, got ${afterStop}`);
    await wait(100);
    assert.equal(valuation.rebuilds(), afterStop, 'no rebuild after stop');
  });

  it('does not rebuild at start when bands exist, nor on a schedule of 0 hours', async () => {
    const valuation = fakeValuation({ hasBands: true });
    const schedule = scheduleValuationRebuilds(valuation, { everyHours: 0, log: () => undefined });
    await schedule.started;
    await wait(50);
    await schedule.stop();
    assert.equal(valuation.rebuilds(), 0);
  });

  it('logs a failed rebuild instead of failing', async () => {
    const lines: string[] = [];
    const schedule = scheduleValuationRebuilds(fakeValuation({ hasBands: false, fail: true }), {
      everyHours: 0,
      log: (line) => lines.push(line),
    });
    await schedule.started;
    await schedule.stop();
    assert.match(
      lines[0] ?? '',
      /rebuild failed \(no bands yet\); the previous bands stay in use: Error: database gone/,
    );
  });
});
