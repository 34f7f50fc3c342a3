/**
 * Exploration: a share of an office's controls chosen to learn rather than to hit. A model that
 * only ever sees the results of what it selects narrows its own view (follow-up work on DATE);
 * a few controls drawn at random, or where the model is least sure, keep its training data
 * broad. Random exploration controls are also the unbiased measure of targeting: their fraud
 * share estimates the share among all files, which targeted controls cannot.
 */

export type ExplorationStrategy = 'random' | 'uncertain';

export interface ControlPlan {
  /** Controls the office can afford among these files. */
  readonly budget: number;
  /** Share of the budget given to exploration, 0 to 1 (rounded to whole controls). */
  readonly explorationShare: number;
  /** `random`: uniform draw among the files not targeted; `uncertain`: the scores nearest 0.5. */
  readonly strategy: ExplorationStrategy;
  /** A uniform source on [0, 1), seeded by the caller (for `random`; ties for `uncertain`). */
  readonly random: () => number;
}

export interface ControlChoice {
  /** The file's position in the input. */
  readonly index: number;
  readonly reason: 'targeted' | 'exploration';
}

/**
 * Chooses which files to control: the highest-ranked ones for the targeted part of the budget,
 * then the exploration part among the others. Targeted choices come first, best first. A budget
 * larger than the files controls them all. Never throws.
 */
export function chooseControls(ranks: readonly number[], plan: ControlPlan): ControlChoice[] {
  const budget = Math.max(0, Math.min(Math.floor(plan.budget), ranks.length));
  const share = Math.min(Math.max(plan.explorationShare, 0), 1);
  const exploring = Math.min(budget, Math.round(budget * share));
  const targeting = budget - exploring;
  const order = ranks
    .map((_, index) => index)
    .sort((a, b) => (ranks[b] as number) - (ranks[a] as number) || a - b);
  const choices: ControlChoice[] = order.slice(0, targeting).map((index) => ({ index, reason: 'targeted' }));
  const rest = order.slice(targeting);
  if (plan.strategy === 'random') {
    // Partial Fisher-Yates: the first `exploring` places get a uniform draw without replacement.
    for (let place = 0; place < exploring; place++) {
      const other = place + Math.floor(plan.random() * (rest.length - place));
      const kept = rest[place] as number;
      rest[place] = rest[other] as number;
      rest[other] = kept;
      choices.push({ index: rest[place] as number, reason: 'exploration' });
    }
  } else {
    const jitter = new Map(rest.map((index) => [index, plan.random()]));
    const doubt = (index: number): number => Math.abs((ranks[index] as number) - 0.5);
    rest
      .sort((a, b) => doubt(a) - doubt(b) || (jitter.get(a) as number) - (jitter.get(b) as number))
      .slice(0, exploring)
      .forEach((index) => choices.push({ index, reason: 'exploration' }));
  }
  return choices;
}

/**
 * The fraud share among random exploration controls, with its count: an unbiased estimate of
 * the share among all files, to set beside the targeted hit rate. `undefined` with none.
 */
export function explorationHitRate(
  choices: readonly ControlChoice[],
  isFraud: (index: number) => boolean,
): { readonly controls: number; readonly frauds: number; readonly rate: number } | undefined {
  const explored = choices.filter((choice) => choice.reason === 'exploration');
  if (explored.length === 0) return undefined;
  const frauds = explored.filter((choice) => isFraud(choice.index)).length;
  return { controls: explored.length, frauds, rate: frauds / explored.length };
}
