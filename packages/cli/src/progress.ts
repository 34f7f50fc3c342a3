/**
 * The progress display of long commands (import, seed, rebuilds): a bar on a terminal
 * (cli-progress), redrawn at most ten times a second; anywhere else (a CI log, a pipe) a plain
 * line every few seconds or at each tenth of the work, and the last figures when it stops, so
 * that a log ends on where the work finished.
 */
import cliProgress from 'cli-progress';

export type ProgressPayload = Readonly<Record<string, string>>;

export interface ProgressWords {
  /** The cli-progress format of a stage's bar: {bar}, {percentage}, {value}, {total}, {eta_formatted} and payload keys. */
  bar(stage: string): string;
  /** The plain line for a stage; `percent` is undefined when the total is unknown. */
  line(
    stage: string,
    done: number,
    total: number | undefined,
    percent: number | undefined,
    payload: ProgressPayload,
  ): string;
}

export interface Progress {
  /** Shows that `done` of `total` units of `stage` are finished. */
  update(stage: string, done: number, total: number | undefined, payload?: ProgressPayload): void;
  stop(): void;
}

export function createProgress(
  words: ProgressWords,
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 2000,
): Progress {
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    let current = '';
    let lastDrawn = 0;
    return {
      update(stage, done, total, payload = {}) {
        const now = performance.now();
        if (stage !== current || !bar) {
          bar?.stop();
          current = stage;
          bar = new cliProgress.SingleBar(
            { stream, format: words.bar(stage), hideCursor: true, etaBuffer: 200, fps: 10 },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total ?? 0, done, payload);
        } else if (now - lastDrawn >= 100 || done === total) {
          if (total !== undefined) bar.setTotal(total);
          bar.update(done, payload);
        } else return;
        lastDrawn = now;
      },
      stop() {
        bar?.stop();
        bar = undefined;
        current = '';
      },
    };
  }
  let lastAt = performance.now();
  let lastStage = '';
  let lastTenth = -1;
  let unprinted: (() => void) | undefined;
  return {
    update(stage, done, total, payload = {}) {
      const percent = total ? Math.floor((done / total) * 100) : undefined;
      const print = () => stream.write(`${words.line(stage, done, total, percent, payload)}\n`);
      unprinted = print;
      const now = performance.now();
      const tenth = percent === undefined ? 0 : Math.floor(percent / 10);
      if (stage === lastStage && now - lastAt < intervalMs && tenth <= lastTenth) return;
      lastAt = now;
      lastStage = stage;
      lastTenth = tenth;
      print();
      unprinted = undefined;
    },
    stop() {
      unprinted?.();
      unprinted = undefined;
      lastStage = '';
      lastTenth = -1;
    },
  };
}

/**
 * Words for work counted in units, where the stage is already a label in the reader's language
 * ("déclarations", "items"): `label [bar] 42% | 840/2000 | ETA` and `label: 840/2000 (42%)`.
 */
export const countingWords: ProgressWords = {
  bar: (stage) => `${stage.padEnd(13)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`,
  line: (stage, done, total, percent) => `${stage}: ${done}/${total ?? '?'} (${percent ?? 0}%)`,
};
