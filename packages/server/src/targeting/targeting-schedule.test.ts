import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { appError, err, type AppError, type Result } from '@anticipa/core';
import type { ModelSummary } from './targeting-service.ts';
import { scheduleTargetingTraining } from './targeting-schedule.ts';

describe('scheduled training of targeting candidates', () => {
  it('trains a candidate every N hours, never activating one, and logs why nothing was trained', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const calls: string[] = [];
      const lines: string[] = [];
      const schedule = scheduleTargetingTraining(
        {
          train: (by: string): Promise<Result<ModelSummary, AppError>> => {
            calls.push(by);
            return Promise.resolve(
              err(
                appError('TARGETING_NOT_ENOUGH_RESULTS', {
                  rows: 3,
                  frauds: 1,
                  minimumRows: 50,
                  minimumFrauds: 5,
                }),
              ),
            );
          },
        },
        { everyHours: 2, log: (line) => lines.push(line) },
      );
      mock.timers.tick(3_600_000);
      assert.deepEqual(calls, []);
      mock.timers.tick(3_600_000);
      mock.timers.tick(7_200_000);
      await schedule.stop();
      assert.deepEqual(calls, ['schedule', 'schedule']);
      assert.deepEqual(lines, [
        'Anticipa: no targeting candidate trained: TARGETING_NOT_ENOUGH_RESULTS',
        'Anticipa: no targeting candidate trained: TARGETING_NOT_ENOUGH_RESULTS',
      ]);
    } finally {
      mock.timers.reset();
    }
  });

  it('schedules nothing at 0 hours', async () => {
    const schedule = scheduleTargetingTraining(
      { train: () => Promise.reject(new Error('not expected')) },
      { everyHours: 0, log: () => undefined },
    );
    await schedule.stop();
  });
});
