/**
 * Replay of a past assessment, for an audit or an appeal: the same file, evaluated by the same
 * rule-set version with the same instant, sequence and office counters, must give the same
 * lane, hits and draws. A difference means the inputs are not those of the original (another
 * version of the document or of the rule set), and says which part differs.
 */
import type { Assessment } from './assessment.ts';
import type { SelectivityEvaluator } from './compile-rule-set.ts';
import type { SelectivitySubject } from './selectivity-subject.ts';

export interface Replay {
  readonly assessment: Assessment;
  /** Whether lane, hits (ids, draws, selections), draws and flags are all the same. */
  readonly identical: boolean;
  /** The names of the parts that differ ("ruleSetVersion", "lane", "hits", "draws"...). */
  readonly differences: readonly string[];
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/**
 * Re-runs a past assessment of `subject` with `evaluator` (which should be the rule-set
 * version the assessment records) and compares the two. Never throws.
 */
export function replayAssessment(
  evaluator: SelectivityEvaluator,
  subject: SelectivitySubject,
  past: Assessment,
): Replay {
  const { assessment } = evaluator.assess(subject, {
    at: new Date(past.at),
    sequence: past.sequence,
    counters: past.countersBefore,
  });
  const differences: string[] = [];
  if (assessment.ruleSetVersion !== past.ruleSetVersion) differences.push('ruleSetVersion');
  if (assessment.fileId !== past.fileId) differences.push('fileId');
  if (assessment.lane !== past.lane) differences.push('lane');
  if (assessment.selectedBy !== past.selectedBy) differences.push('selectedBy');
  if (
    !sameList(
      assessment.hits.map((hit) => `${hit.criterionId}:${hit.draw}:${hit.selected}`),
      past.hits.map((hit) => `${hit.criterionId}:${hit.draw}:${hit.selected}`),
    )
  ) {
    differences.push('hits');
  }
  if (!sameList(assessment.draws, past.draws)) differences.push('draws');
  if (assessment.randomLane !== past.randomLane) differences.push('randomLane');
  if (assessment.topUp !== past.topUp) differences.push('topUp');
  if (assessment.score !== past.score) differences.push('score');
  return { assessment, identical: differences.length === 0, differences };
}
