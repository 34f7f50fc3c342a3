/**
 * The server's scheduled training of targeting candidates: every `everyHours` hours, a
 * candidate is trained from the inspection results recorded since, so that an analyst finds a
 * fresh one with its hold-out figures beside the model in force. A candidate is never put in
 * force by the schedule: activating one stays a person's decision. Too few results is not a
 * failure (nothing is trained); other failures are logged, never fatal. The timer is unref'd.
 */
import { repeatTask } from '../shared/repeated-task.ts';
import type { TargetingService } from './targeting-service.ts';

export interface TargetingSchedule {
  /** Clears the timer and waits for a training in progress. */
  stop(): Promise<void>;
}

/** Starts the schedule; `everyHours` 0 schedules nothing. Never throws; outcomes go to `log`. */
export function scheduleTargetingTraining(
  targeting: Pick<TargetingService, 'train'>,
  options: { readonly everyHours: number; readonly log: (line: string) => void },
): TargetingSchedule {
  const trainings = repeatTask(
    () => {
      const started = Date.now();
      return targeting.train('schedule').then(
        (trained) => {
          options.log(
            trained.ok
              ? `Anticipa: targeting candidate ${trained.value.id} trained in ${((Date.now() - started) / 1000).toFixed(1)} s on ${trained.value.rows} inspected items; activate it after reading its hold-out figures`
              : `Anticipa: no targeting candidate trained: ${trained.error.code}`,
          );
        },
        (error: unknown) => {
          options.log(`Anticipa: targeting training failed; the model in force stays: ${String(error)}`);
        },
      );
    },
    Math.round(options.everyHours * 3_600_000),
  );
  return { stop: () => trainings.stop() };
}
