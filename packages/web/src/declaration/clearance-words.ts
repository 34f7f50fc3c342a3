/**
 * Words for a file's clearance in the reader's language: its state, the steps it may take and
 * a refused step (409: the state, what the file lacks, what it may do now), from the codes the
 * API gives. A code the catalogue does not know is shown as it came, never dropped.
 */
import type { TFunction } from 'i18next';
import type { Refusal } from '../api/api-types.ts';

/** The officer's steps this page offers, as the event types the API names them by. */
export const officerSteps = ['lane_rerouted', 'paid', 'guaranteed', 'released'] as const;
export type OfficerStep = (typeof officerSteps)[number];

const worded = (t: TFunction, key: string, code: string): string => t(key, { defaultValue: code });

export const stateWord = (t: TFunction, state: string): string => worded(t, `clearanceState.${state}`, state);
export const stepWord = (t: TFunction, step: string): string => worded(t, `clearanceStep.${step}`, step);
export const conditionWord = (t: TFunction, condition: string): string =>
  worded(t, `clearanceCondition.${condition}`, condition);

/**
 * The steps people take, in the order of the clearance path. The state machine also allows the
 * facts other systems record (arrival, lane assignment, control planning, amendment); an
 * officer is told only of the steps someone at the office takes.
 */
const peopleSteps = ['lane_rerouted', 'control_started', 'paid', 'guaranteed', 'released', 'cancelled'];

/** The allowed steps people take, in words, joined for a sentence; "none" when there is none. */
export function stepList(t: TFunction, steps: readonly string[]): string {
  const shown = peopleSteps.filter((step) => steps.includes(step));
  return shown.length === 0 ? t('actions.nothingAllowed') : shown.map((step) => stepWord(t, step)).join(', ');
}

/** A refusal as sentences: the step refused and the state, what is lacking, what is allowed. */
export function refusalSentences(t: TFunction, refusal: Refusal): readonly string[] {
  return [
    t('actions.refused', { step: stepWord(t, refusal.event), state: stateWord(t, refusal.state) }),
    ...(refusal.missing.length === 0
      ? []
      : [
          t('actions.missing', {
            conditions: refusal.missing.map((code) => conditionWord(t, code)).join(', '),
          }),
        ]),
    t('actions.allowed', { steps: stepList(t, refusal.allowed) }),
  ];
}
