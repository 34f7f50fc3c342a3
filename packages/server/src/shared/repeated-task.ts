/**
 * A task the server runs on a timer (valuation rebuilds, targeting training, audit head exports,
 * upkeep of the embedded database): one run at a time, a run asked for while one is in
 * progress waiting for it (at most one waits: later asks join it, so that a slow run does not
 * pile runs up behind it); the timer unref'd, so that it never keeps the process alive; `stop`
 * clears the timer and waits for the runs in progress and waiting. The task reports its own
 * outcome (to the log) and never rejects.
 */

export interface RepeatedTask {
  /** Runs the task (`why` is passed to it): now, or after the run in progress. */
  run(why: string): Promise<void>;
  /** Clears the timer and waits for the runs in progress and waiting. */
  stop(): Promise<void>;
}

/** Runs `task('scheduled')` every `everyMs` milliseconds (0: never; `run` still runs it). */
export function repeatTask(task: (why: string) => Promise<void>, everyMs: number): RepeatedTask {
  let running: Promise<void> | undefined;
  let waiting: Promise<void> | undefined;
  const start = (why: string): Promise<void> => {
    running = task(why).finally(() => {
      running = undefined;
    });
    return running;
  };
  const run = (why: string): Promise<void> => {
    if (running === undefined) return start(why);
    waiting ??= running.then(() => {
      waiting = undefined;
      return running ?? start(why);
    });
    return waiting;
  };
  const timer = everyMs > 0 ? setInterval(() => void run('scheduled'), everyMs) : undefined;
  timer?.unref();
  return {
    run,
    async stop() {
      if (timer) clearInterval(timer);
      await waiting;
      await running;
    },
  };
}
