/**
 * What the trader learns of an assessment: the type of control, and nothing else. No lane
 * colour, criterion, weight, score, reason, random flag or draw: the reasons for a selection
 * are for customs officers only (shared/DOMAIN.md), as in the UN/EDIFACT CUSRES customs
 * response, which tells the declarant the control, not why. Green and blue both read
 * "release": announcing a post-clearance audit would warn the trader before it starts.
 */
import type { Locale } from '../shared/messages.ts';
import { laneAt, type Assessment } from './assessment.ts';

/** The control a trader is told of. */
export type TraderControl = 'release' | 'documentary_check' | 'examination';

export interface TraderView {
  readonly fileId: string;
  readonly control: TraderControl;
  readonly message: Readonly<Record<Locale, string>>;
}

const messages: Readonly<Record<TraderControl, Readonly<Record<Locale, string>>>> = {
  release: { fr: 'Bon à enlever', en: 'Release' },
  documentary_check: { fr: 'Contrôle documentaire', en: 'Documentary check' },
  examination: { fr: 'Visite physique des marchandises', en: 'Physical examination of the goods' },
};

/**
 * Reduces an assessment to what the trader may see, at an instant (a yellow file that has
 * rolled to blue reads "release"). Builds a new object from the control alone, so nothing
 * else of the assessment can leak into it. Never throws.
 */
export function traderView(assessment: Assessment, at: Date): TraderView {
  const lane = laneAt(assessment, at);
  const control: TraderControl =
    lane === 'red' ? 'examination' : lane === 'yellow' ? 'documentary_check' : 'release';
  return { fileId: assessment.fileId, control, message: messages[control] };
}
