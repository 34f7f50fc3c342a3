/**
 * Backtest: a candidate rule set run over past files whose inspection outcomes are known,
 * beside the rule set in force, so that an analyst measures a change before switching it on.
 * The report gives, for each rule set, its lane shares, its hit rate and the revenue it would
 * have caught among the files controlled in the past, and its workload per office and day
 * against capacity; and between the two, the files newly selected and newly released.
 *
 * Files are added one by one in order of lodging (the caller streams them from storage). Each
 * is assessed as it would have been then: at its lodging instant, with the office counters of
 * its day, and with its importer's hit rate computed only from inspection results known
 * before that instant, so that no result leaks from the future into a past assessment.
 *
 * Known outcomes come only from files that were controlled: a rule set is measured on those.
 * Files it selects that were never controlled count in its workload, not in its hit rate.
 */
import { emptyCounters, type OfficeCounters } from './lane-allocation.ts';
import { lanes, type Lane } from './lane.ts';
import type { SelectivityEvaluator } from './compile-rule-set.ts';
import type { SelectivitySubject } from './selectivity-subject.ts';

/** What an inspection of a past file found. */
export interface BacktestOutcome {
  /** The control found a discrepancy (value, classification, origin, quantity, goods...). */
  readonly nonCompliant: boolean;
  /** Duties and taxes recovered by the control, in the national currency (0 when none). */
  readonly revenueRecovered: number;
  /** When the result was known (control finished): it counts in the importer's hit rate after. */
  readonly knownAt: Date;
}

/** A past file, with the result of its inspection when it was inspected. */
export interface BacktestFile {
  /** The file as criteria see it; its importer hit rate is computed by the backtest. */
  readonly subject: SelectivitySubject;
  readonly lodgedAt: Date;
  readonly outcome?: BacktestOutcome | undefined;
}

export interface BacktestOptions {
  /**
   * Controls (red and yellow files) each office can do in a day. An office absent from it has
   * the capacity its lane parameters state: (expected red + yellow rate) × the day's files.
   */
  readonly capacity?: ReadonlyMap<string, number>;
  /** How many file ids each list of changed files keeps as examples; 20 by default. */
  readonly sampleSize?: number;
}

/** One office's controls per day under a rule set. */
export interface OfficeWorkload {
  readonly office: string;
  readonly days: number;
  /** Mean controls (red and yellow files) per day. */
  readonly meanControls: number;
  readonly peakControls: number;
  /** Mean capacity per day. */
  readonly meanCapacity: number;
  /** Days on which controls exceeded capacity. */
  readonly daysOverCapacity: number;
  /** Per day (YYYY-MM-DD, UTC), oldest first. */
  readonly series: readonly { readonly day: string; readonly controls: number; readonly capacity: number }[];
}

/** What one rule set would have done over the files. */
export interface RuleSetBacktest {
  readonly version: number;
  readonly name: string;
  readonly lanes: Readonly<Record<Lane, number>>;
  /** Files sent to a control before release (red or yellow). */
  readonly selected: number;
  /** Selected files in the random sample. */
  readonly random: number;
  /** Selected files whose past inspection outcome is known. */
  readonly selectedWithOutcome: number;
  /** Of those, the non-compliant ones. */
  readonly hits: number;
  /** hits ÷ selectedWithOutcome; null when no selected file has a known outcome. */
  readonly hitRate: number | null;
  /** Revenue recovered by the past inspections of the selected non-compliant files. */
  readonly revenueCaught: number;
  /** Share of all known non-compliant files that are selected; null when there are none. */
  readonly recall: number | null;
  /** Share of all known recovered revenue that is selected; null when none was recovered. */
  readonly revenueShare: number | null;
  readonly workload: readonly OfficeWorkload[];
}

/** Files whose selection changes between the rule set in force and the candidate. */
export interface ChangedFiles {
  readonly count: number;
  /** Of them, those known to be non-compliant, and the revenue their inspection recovered. */
  readonly nonCompliant: number;
  readonly revenue: number;
  /** Some of their ids, in order of lodging. */
  readonly sample: readonly string[];
}

export interface BacktestReport {
  readonly files: number;
  /** The first and last lodging instants (ISO 8601), null without files. */
  readonly from: string | null;
  readonly to: string | null;
  /** Files with a known inspection outcome, of them non-compliant, and the revenue recovered. */
  readonly withOutcome: number;
  readonly nonCompliant: number;
  readonly revenueRecovered: number;
  readonly candidate: RuleSetBacktest;
  /** The rule set in force, or null when none is. */
  readonly baseline: RuleSetBacktest | null;
  /** Controlled (red or yellow) by the candidate, not by the baseline; null without baseline. */
  readonly newlySelected: ChangedFiles | null;
  /** Controlled by the baseline, released (blue or green) by the candidate. */
  readonly newlyReleased: ChangedFiles | null;
}

export interface Backtest {
  /**
   * Assesses one more file with both rule sets. Files must come in order of lodging; a file
   * lodged before the previous one throws RangeError (a programming error of the caller).
   */
  add(file: BacktestFile): void;
  /** The report over the files added so far. */
  report(): BacktestReport;
}

const isControl = (lane: Lane): boolean => lane === 'red' || lane === 'yellow';

/** A tally of one rule set's lanes, outcomes and daily controls. */
class RuleSetTally {
  readonly lanes: Record<Lane, number> = { red: 0, yellow: 0, blue: 0, green: 0 };
  selected = 0;
  random = 0;
  selectedWithOutcome = 0;
  hits = 0;
  revenueCaught = 0;
  /** Per office and day: [controls, files]. */
  readonly days = new Map<string, Map<string, [number, number]>>();
  /** The running counters of the current day of each office. */
  private readonly counters = new Map<string, { day: string; counters: OfficeCounters }>();

  constructor(readonly evaluator: SelectivityEvaluator) {}

  assess(subject: SelectivitySubject, at: Date, day: string, outcome: BacktestOutcome | undefined): Lane {
    const current = this.counters.get(subject.office);
    const counters = current?.day === day ? current.counters : emptyCounters();
    const result = this.evaluator.assess(subject, { at, sequence: 1, counters });
    this.counters.set(subject.office, { day, counters: result.counters });
    const { lane, random } = result.assessment;
    this.lanes[lane] += 1;
    const control = isControl(lane);
    if (control) {
      this.selected += 1;
      if (random) this.random += 1;
      if (outcome) {
        this.selectedWithOutcome += 1;
        if (outcome.nonCompliant) {
          this.hits += 1;
          this.revenueCaught += outcome.revenueRecovered;
        }
      }
    }
    let office = this.days.get(subject.office);
    if (!office) this.days.set(subject.office, (office = new Map<string, [number, number]>()));
    const tally = office.get(day) ?? [0, 0];
    tally[0] += control ? 1 : 0;
    tally[1] += 1;
    office.set(day, tally);
    return lane;
  }

  report(
    capacity: ReadonlyMap<string, number> | undefined,
    capacityRates: (office: string) => number,
    known: { readonly nonCompliant: number; readonly revenue: number },
  ): RuleSetBacktest {
    const workload = [...this.days]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([office, days]): OfficeWorkload => {
        const series = [...days]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([day, [controls, files]]) => ({
            day,
            controls,
            capacity: capacity?.get(office) ?? Math.round((capacityRates(office) / 100) * files * 100) / 100,
          }));
        const total = (pick: (entry: (typeof series)[number]) => number) =>
          series.reduce((sum, entry) => sum + pick(entry), 0);
        return {
          office,
          days: series.length,
          meanControls: total((entry) => entry.controls) / series.length,
          peakControls: Math.max(...series.map((entry) => entry.controls)),
          meanCapacity: total((entry) => entry.capacity) / series.length,
          daysOverCapacity: series.filter((entry) => entry.controls > entry.capacity).length,
          series,
        };
      });
    return {
      version: this.evaluator.version,
      name: this.evaluator.ruleSet.name,
      lanes: { ...this.lanes },
      selected: this.selected,
      random: this.random,
      selectedWithOutcome: this.selectedWithOutcome,
      hits: this.hits,
      hitRate: this.selectedWithOutcome === 0 ? null : this.hits / this.selectedWithOutcome,
      revenueCaught: this.revenueCaught,
      recall: known.nonCompliant === 0 ? null : this.hits / known.nonCompliant,
      revenueShare: known.revenue === 0 ? null : this.revenueCaught / known.revenue,
      workload,
    };
  }
}

/** Files whose selection changed, with a few examples. */
class ChangedTally {
  count = 0;
  nonCompliant = 0;
  revenue = 0;
  readonly sample: string[] = [];

  constructor(private readonly sampleSize: number) {}

  add(fileId: string, outcome: BacktestOutcome | undefined): void {
    this.count += 1;
    if (outcome?.nonCompliant) {
      this.nonCompliant += 1;
      this.revenue += outcome.revenueRecovered;
    }
    if (this.sample.length < this.sampleSize) this.sample.push(fileId);
  }

  report(): ChangedFiles {
    return {
      count: this.count,
      nonCompliant: this.nonCompliant,
      revenue: this.revenue,
      sample: [...this.sample],
    };
  }
}

/** Results waiting for their instant, earliest first (a binary min-heap on `knownAt`). */
class PendingResults {
  private readonly heap: { readonly at: number; readonly importer: string; readonly hit: boolean }[] = [];

  push(at: number, importer: string, hit: boolean): void {
    const heap = this.heap;
    heap.push({ at, importer, hit });
    for (let index = heap.length - 1; index > 0;) {
      const parent = (index - 1) >> 1;
      const [child, above] = [heap[index], heap[parent]] as [(typeof heap)[number], (typeof heap)[number]];
      if (above.at <= child.at) break;
      heap[index] = above;
      heap[parent] = child;
      index = parent;
    }
  }

  /** Removes and hands over every result known strictly before `at`. */
  drainBefore(at: number, take: (importer: string, hit: boolean) => void): void {
    const heap = this.heap;
    while (heap.length > 0 && (heap[0] as (typeof heap)[number]).at < at) {
      const top = heap[0] as (typeof heap)[number];
      const last = heap.pop() as (typeof heap)[number];
      if (heap.length > 0) {
        heap[0] = last;
        for (let index = 0; ;) {
          const left = 2 * index + 1;
          const right = left + 1;
          let smallest = index;
          if (left < heap.length && (heap[left] as typeof last).at < (heap[smallest] as typeof last).at)
            smallest = left;
          if (right < heap.length && (heap[right] as typeof last).at < (heap[smallest] as typeof last).at)
            smallest = right;
          if (smallest === index) break;
          [heap[index], heap[smallest]] = [heap[smallest] as typeof last, heap[index] as typeof last];
          index = smallest;
        }
      }
      take(top.importer, top.hit);
    }
  }
}

/**
 * Starts a backtest of `candidate` beside `baseline` (the rule set in force; null when none).
 *
 * @example
 *   const backtest = createBacktest(candidate, active, { capacity: new Map([['SNDKR1', 40]]) });
 *   for (const file of pastFilesInLodgingOrder) backtest.add(file);
 *   const report = backtest.report(); // report.candidate.hitRate, report.newlySelected...
 */
export function createBacktest(
  candidate: SelectivityEvaluator,
  baseline: SelectivityEvaluator | null,
  options: BacktestOptions = {},
): Backtest {
  const sampleSize = options.sampleSize ?? 20;
  const candidateTally = new RuleSetTally(candidate);
  const baselineTally = baseline ? new RuleSetTally(baseline) : null;
  const newlySelected = new ChangedTally(sampleSize);
  const newlyReleased = new ChangedTally(sampleSize);
  const importers = new Map<string, { controls: number; hits: number }>();
  const pending = new PendingResults();
  let files = 0;
  let first: number | null = null;
  let last: number | null = null;
  let withOutcome = 0;
  let nonCompliant = 0;
  let revenueRecovered = 0;

  const learn = (importer: string, hit: boolean) => {
    const stats = importers.get(importer) ?? { controls: 0, hits: 0 };
    stats.controls += 1;
    if (hit) stats.hits += 1;
    importers.set(importer, stats);
  };

  return {
    add(file) {
      const at = file.lodgedAt.getTime();
      if (last !== null && at < last) {
        throw new RangeError(`Backtest files must come in order of lodging: ${file.lodgedAt.toISOString()}`);
      }
      pending.drainBefore(at, learn);
      const importer = file.subject.importer;
      const stats = importer === undefined ? undefined : importers.get(importer);
      const subject: SelectivitySubject = {
        ...file.subject,
        importerHitRate: stats ? stats.hits / stats.controls : undefined,
      };
      const day = file.lodgedAt.toISOString().slice(0, 10);
      const { outcome } = file;
      const lane = candidateTally.assess(subject, file.lodgedAt, day, outcome);
      if (baselineTally) {
        const before = baselineTally.assess(subject, file.lodgedAt, day, outcome);
        if (isControl(lane) && !isControl(before)) newlySelected.add(subject.fileId, outcome);
        if (!isControl(lane) && isControl(before)) newlyReleased.add(subject.fileId, outcome);
      }
      files += 1;
      first ??= at;
      last = at;
      if (outcome) {
        withOutcome += 1;
        if (outcome.nonCompliant) {
          nonCompliant += 1;
          revenueRecovered += outcome.revenueRecovered;
        }
        if (importer !== undefined) pending.push(outcome.knownAt.getTime(), importer, outcome.nonCompliant);
      }
    },

    report() {
      const known = { nonCompliant, revenue: revenueRecovered };
      const ratesOf = (evaluator: SelectivityEvaluator) => (office: string) => {
        const { expectedRate } = evaluator.laneParameters(office);
        return expectedRate.red + expectedRate.yellow;
      };
      // Capacity is what the office states in the rule set in force (the candidate's without one).
      const capacityRates = ratesOf(baseline ?? candidate);
      return {
        files,
        from: first === null ? null : new Date(first).toISOString(),
        to: last === null ? null : new Date(last).toISOString(),
        withOutcome,
        nonCompliant,
        revenueRecovered,
        candidate: candidateTally.report(options.capacity, capacityRates, known),
        baseline: baselineTally?.report(options.capacity, capacityRates, known) ?? null,
        newlySelected: baselineTally ? newlySelected.report() : null,
        newlyReleased: baselineTally ? newlyReleased.report() : null,
      };
    },
  };
}

/** Every lane with its share of the files, in percent (0 without files). */
export function laneShares(counts: Readonly<Record<Lane, number>>): Record<Lane, number> {
  const total = lanes.reduce((sum, lane) => sum + counts[lane], 0);
  const shares = { red: 0, yellow: 0, blue: 0, green: 0 };
  for (const lane of lanes) shares[lane] = total === 0 ? 0 : (100 * counts[lane]) / total;
  return shares;
}
