import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { repeatTask } from './repeated-task.ts';

describe('repeated task', () => {
  it('runs on the interval, one run at a time, and stop waits for the run in progress', async () => {
    const reasons: string[] = [];
    let running = 0;
    let overlapped = false;
    let finished = 0;
    const task = repeatTask(async (why) => {
      reasons.push(why);
      running += 1;
      overlapped ||= running > 1;
      await sleep(30);
      running -= 1;
      finished += 1;
    }, 5);
    const first = task.run('at start');
    const second = task.run('again');
    assert.notEqual(second, first, 'a run asked for while one is in progress waits for it');
    assert.equal(task.run('and again'), second, 'later asks join the one waiting');
    await sleep(120);
    await task.stop();
    assert.equal(overlapped, false);
    assert.equal(running, 0, 'stop waited for the run in progress');
    assert.deepEqual(reasons.slice(0, 2), ['at start', 'again']);
    assert.ok(reasons.length >= 3 && reasons.slice(2).every((why) => why === 'scheduled'), String(reasons));
    const stopped = finished;
    await sleep(40);
    assert.equal(finished, stopped, 'nothing runs after stop');
  });

  it('runs only when asked with an interval of 0', async () => {
    let runs = 0;
    const task = repeatTask(() => {
      runs += 1;
      return Promise.resolve();
    }, 0);
    await sleep(20);
    assert.equal(runs, 0);
    await task.run('asked');
    await task.stop();
    assert.equal(runs, 1);
  });
});
