/**
 * The assessment of a file: its lane and everything an officer or an auditor needs to
 * understand and replay it (the hits with their reasons, weights and draws, the random and
 * top-up flags, the rule-set version and sequence that seed its draws, and the counters it saw). Officers read it;
 * traders never do (trader-view.ts gives them the control type alone).
 *
 * Also the two timers of the lanes, as pure functions of an assessment and an instant: yellow
 * rolls to blue after N days (ASYCUDA), and green waits M minutes before release so that an
 * officer can re-route the file.
 */
import type { CriterionReason } from './criterion.ts';
import type { Lane, SelectionLane } from './lane.ts';
import type { OfficeCounters, SelectionStep } from './lane-allocation.ts';

/** A criterion that held for the file. */
export interface CriterionHit {
  readonly criterionId: string;
  readonly profileId: string;
  readonly name: string;
  readonly lane: SelectionLane;
  readonly percentage: number;
  readonly weight: number;
  /** What the officer reads (fr, en). The analyst's rationale is never copied here. */
  readonly reason: CriterionReason;
  /** The draw the selection percentage was compared with. */
  readonly draw: number;
  /** Whether the draw selected the file (`draw × 100 < percentage`). */
  readonly selected: boolean;
}

export interface Assessment {
  readonly fileId: string;
  readonly office: string;
  /** The assessment instant (ISO 8601, UTC): criteria and list entries are judged valid at it. */
  readonly at: string;
  /** 1 for the file's first assessment, one more for each re-assessment. */
  readonly sequence: number;
  /** With `fileId` and `sequence`, the seed of the draws (`assessmentSeed`). */
  readonly ruleSetVersion: number;
  readonly lane: Lane;
  /** The step that set the lane. */
  readonly selectedBy: SelectionStep;
  /** The sum of the weights of every hit, selected or not (CBP weight sets). */
  readonly score: number;
  /** Every criterion hit, in rule-set order. */
  readonly hits: readonly CriterionHit[];
  /** Whether the file is in the random control sample (of any lane). */
  readonly random: boolean;
  readonly randomLane: SelectionLane | null;
  /** Whether the top-up toward an expected rate selected the file. */
  readonly topUp: boolean;
  /** Whether the file hit more criteria without selection than the office allows. */
  readonly maxHitsExceeded: boolean;
  /** Every draw, in the order taken (lane-allocation.ts). */
  readonly draws: readonly number[];
  /** The office counters this assessment saw (for replay). */
  readonly countersBefore: OfficeCounters;
  /** Days after which a yellow file rolls to blue; null: never. */
  readonly yellowToBlueDays: number | null;
  /** Minutes a green file waits before release. */
  readonly greenDelayMinutes: number;
}

const day = 86_400_000;
const minute = 60_000;

/**
 * The lane of an assessed file at an instant: its lane, except that a yellow file rolls to
 * blue once `yellowToBlueDays` days have passed since assessment (ASYCUDA). Whether the
 * documentary check was done meanwhile is the server's to know. Never throws.
 */
export function laneAt(assessment: Assessment, at: Date): Lane {
  if (
    assessment.lane === 'yellow' &&
    assessment.yellowToBlueDays !== null &&
    at.getTime() >= Date.parse(assessment.at) + assessment.yellowToBlueDays * day
  ) {
    return 'blue';
  }
  return assessment.lane;
}

/**
 * The instant a green file becomes releasable (assessment + green delay), or null when its
 * lane is not green.
 */
export function releasableAt(assessment: Assessment): Date | null {
  if (assessment.lane !== 'green') return null;
  return new Date(Date.parse(assessment.at) + assessment.greenDelayMinutes * minute);
}

/**
 * Whether selectivity lets the file be released at an instant without a control: green once
 * its delay window has passed (an officer may re-route it until then), blue at once (its
 * control is the post-clearance audit), yellow once it has rolled to blue; red never (release
 * follows the examination). Never throws.
 */
export function isReleasable(assessment: Assessment, at: Date): boolean {
  const lane = laneAt(assessment, at);
  if (lane === 'blue') return true;
  if (lane !== 'green') return false;
  return at.getTime() >= Date.parse(assessment.at) + assessment.greenDelayMinutes * minute;
}
