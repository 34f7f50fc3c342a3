/**
 * A progress display for long commands: a bar on a terminal (cli-progress), and on anything
 * else (a CI log, a pipe) one plain line every few seconds, so that the log stays readable.
 */
import cliProgress from 'cli-progress';
import type { Locale } from '@anticipa/core';

export interface Progress {
  /** Shows that `done` of `total` units of `stage` are finished. */
  update(stage: string, done: number, total: number): void;
  stop(): void;
}

const stageWords: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  fr: { manifests: 'manifestes', declarations: 'déclarations', rows: 'lignes', bytes: 'octets' },
  en: { manifests: 'manifests', declarations: 'declarations', rows: 'rows', bytes: 'bytes' },
};

export function createProgress(
  locale: Locale,
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 2000,
): Progress {
  const word = (stage: string) => stageWords[locale][stage] ?? stage;
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    let current = '';
    return {
      update(stage, done, total) {
        if (stage !== current) {
          bar?.stop();
          current = stage;
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `${word(stage).padEnd(13)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, done);
        }
        bar?.setTotal(total);
        bar?.update(done);
      },
      stop() {
        bar?.stop();
        bar = undefined;
      },
    };
  }
  let lastAt = 0;
  let lastStage = '';
  return {
    update(stage, done, total) {
      const now = Date.now();
      if (stage === lastStage && done < total && now - lastAt < intervalMs) return;
      lastAt = now;
      lastStage = stage;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      stream.write(`${word(stage)}: ${done}/${total} (${percent}%)\n`);
    },
    stop() {
      lastStage = '';
    },
  };
}
