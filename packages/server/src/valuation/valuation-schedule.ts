/**
 * The server's rebuilds of the valuation bands: once at start when there are none yet (a new
 * installation, right after the demo loads), then every `everyHours` hours, so that bands follow
 * the prices of newly released goods. Timers are unref'd (they never keep the process alive) and
 * a failed rebuild is logged, never fatal: the previous generation stays in use.
 */
import { repeatTask } from '../shared/repeated-task.ts';
import type { ValuationService } from './valuation-service.ts';

export interface ValuationSchedule {
  /** Settles when the start-up rebuild (if any) is over. */
  readonly started: Promise<void>;
  /** Clears the timer and waits for a rebuild in progress. */
  stop(): Promise<void>;
}

/**
 * Starts the schedule. `everyHours` 0 schedules nothing (the start-up rebuild still runs when
 * there are no bands). Never throws; failures go to `log`.
 */
export function scheduleValuationRebuilds(
  valuation: Pick<ValuationService, 'rebuild' | 'hasBands'>,
  options: { readonly everyHours: number; readonly log: (line: string) => void },
): ValuationSchedule {
  let stopped = false;
  const rebuilds = repeatTask(
    (why) => {
      const started = Date.now();
      return valuation.rebuild().then(
        (report) => {
          options.log(
            `Anticipa: valuation bands rebuilt (${why}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.bands} bands from ${report.items} items of ${report.declarations} released declarations`,
          );
        },
        (error: unknown) => {
          options.log(
            `Anticipa: valuation bands rebuild failed (${why}); the previous bands stay in use: ${String(error)}`,
          );
        },
      );
    },
    Math.round(options.everyHours * 3_600_000),
  );
  const started = valuation.hasBands().then(
    (has) => (has || stopped ? undefined : rebuilds.run('no bands yet')),
    (error: unknown) => {
      options.log(`Anticipa: cannot read the valuation bands: ${String(error)}`);
    },
  );
  return {
    started,
    async stop() {
      stopped = true;
      const stopping = rebuilds.stop();
      await started;
      await stopping;
    },
  };
}
