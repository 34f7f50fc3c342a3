/**
 * The steps an officer takes on a file from its page: re-route it to another lane with a reason
 * (a supervisor's step), record the payment of its duties, and release the goods, through the
 * clearance API. The server records each step under the signed-in user, so no form asks for a
 * name. The server's state machine judges each step: a refusal says, in the reader's
 * language, the file's state, what it lacks and what it may do now; a field the server finds
 * wrong is marked with its message. Once a step is taken the page reloads its lane, status and
 * timeline (`onStepTaken`).
 */
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { postApi, type FieldProblem, type Problem } from '../api/api-client.ts';
import { laneNames, type ClearanceView, type Lane } from '../api/api-types.ts';
import { LaneBadge } from '../ui/lane-badge.tsx';
import { ProblemMessage } from '../ui/status.tsx';
import { refusalSentences, stateWord, stepList, stepWord, type OfficerStep } from './clearance-words.ts';

type Outcome =
  | { readonly kind: 'done'; readonly step: OfficerStep; readonly view: ClearanceView }
  | { readonly kind: 'problem'; readonly step: OfficerStep; readonly problem: Problem };

const paths: Readonly<Record<OfficerStep, string>> = {
  lane_rerouted: 'reroute',
  paid: 'payment',
  guaranteed: 'guarantee',
  released: 'release',
};

/** The problems of a 400 that belong to a field of the step's body (`/reason`, `/reference`...). */
const problemsAt = (outcome: Outcome | null, step: OfficerStep, ...fields: string[]): FieldProblem[] =>
  outcome?.kind === 'problem' && outcome.step === step
    ? outcome.problem.errors.filter((error) => fields.some((field) => error.path === `/${field}`))
    : [];

function FieldError({ id, problems }: { readonly id: string; readonly problems: readonly FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {problems.map((problem) => problem.expected).join(' · ')}
    </p>
  );
}

function Refused({ problem }: { readonly problem: Problem }) {
  const { t } = useTranslation();
  if (!problem.refusal) return <ProblemMessage problem={problem} />;
  return (
    <div className="problem" role="alert" data-testid="step-refused">
      {refusalSentences(t, problem.refusal).map((sentence, index) => (
        <p key={index}>{index === 0 ? <strong>{sentence}</strong> : sentence}</p>
      ))}
    </div>
  );
}

function StepForm({
  step,
  title,
  submit,
  busy,
  onSubmit,
  children,
  more,
}: {
  readonly step: OfficerStep;
  readonly title: string;
  readonly submit: string;
  readonly busy: boolean;
  readonly onSubmit: () => void;
  readonly children?: ReactNode;
  /** Another button beside the submit one. */
  readonly more?: ReactNode;
}) {
  return (
    <form
      className="step-form"
      noValidate
      aria-labelledby={`step-${step}-title`}
      onSubmit={(event: SyntheticEvent) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h3 id={`step-${step}-title`}>{title}</h3>
      {children}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submit}
        </button>
        {more}
      </div>
    </form>
  );
}

export function OfficerActions({
  id,
  clearance,
  onStepTaken,
}: {
  readonly id: string;
  readonly clearance: ClearanceView;
  readonly onStepTaken: () => void;
}) {
  const { t } = useTranslation();
  const [lane, setLane] = useState<Lane | ''>('');
  const [reason, setReason] = useState('');
  const [receipt, setReceipt] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const current = clearance.clearance.lane;
  const target: Lane = lane !== '' ? lane : (laneNames.find((name) => name !== current) ?? 'red');

  const take = async (step: OfficerStep, body: Readonly<Record<string, string>>) => {
    setBusy(true);
    const taken = await postApi<ClearanceView>(`/api/declarations/${id}/${paths[step]}`, body);
    setBusy(false);
    if (!taken.ok) {
      setOutcome({ kind: 'problem', step, problem: taken.problem });
      return;
    }
    setOutcome({ kind: 'done', step, view: taken.value });
    if (step === 'lane_rerouted') {
      setReason('');
      setLane('');
    }
    if (step === 'paid' || step === 'guaranteed') setReceipt('');
    onStepTaken();
  };

  const reasonProblems = problemsAt(outcome, 'lane_rerouted', 'reason');
  const receiptProblems = [
    ...problemsAt(outcome, 'paid', 'reference', 'amount'),
    ...problemsAt(outcome, 'guaranteed', 'reference', 'amount'),
  ];
  const fieldsAnswered = outcome?.kind === 'problem' && outcome.problem.errors.length > 0;

  return (
    <section aria-labelledby="actions-title" className="officer-actions">
      <h2 id="actions-title">{t('actions.title')}</h2>
      <p data-testid="clearance-state">
        {t('actions.state', { state: stateWord(t, clearance.clearance.state) })} · {t('actions.currentLane')}{' '}
        <LaneBadge lane={current} />
      </p>
      <p>{t('actions.allowed', { steps: stepList(t, clearance.allowed) })}</p>
      {clearance.clearance.reroutes.length > 0 && (
        <>
          <h3>{t('actions.reroutes')}</h3>
          <ul data-testid="reroutes">
            {clearance.clearance.reroutes.map((reroute, index) => (
              <li key={index}>
                {t('actions.rerouteLine', {
                  from: t(`lane.${reroute.from}`),
                  to: t(`lane.${reroute.to}`),
                  supervisor: reroute.supervisor ?? t('app.none'),
                  reason: reroute.reason,
                })}
              </li>
            ))}
          </ul>
        </>
      )}

      {outcome?.kind === 'done' && (
        <p className="notice" role="status">
          {t('actions.done', {
            step: stepWord(t, outcome.step),
            state: stateWord(t, outcome.view.clearance.state),
          })}
        </p>
      )}
      {outcome?.kind === 'problem' &&
        (fieldsAnswered ? (
          <p className="problem" role="alert">
            {t('actions.fixFields', { count: outcome.problem.errors.length })}
          </p>
        ) : (
          <Refused problem={outcome.problem} />
        ))}

      <div className="step-forms">
        <StepForm
          step="lane_rerouted"
          title={t('actions.rerouteTitle')}
          submit={t('actions.reroute')}
          busy={busy}
          onSubmit={() => void take('lane_rerouted', { lane: target, reason })}
        >
          <p className="hint">{t('actions.rerouteHint')}</p>
          <div className="field">
            <label htmlFor="reroute-lane">{t('actions.newLane')}</label>
            <select
              id="reroute-lane"
              value={target}
              onChange={(event) => {
                setLane(event.target.value as Lane);
              }}
            >
              {laneNames
                .filter((name) => name !== current)
                .map((name) => (
                  <option key={name} value={name}>
                    {t(`lane.${name}`)} ({t(`laneMeaning.${name}`)})
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="reroute-reason">{t('actions.reason')}</label>
            <textarea
              id="reroute-reason"
              rows={2}
              value={reason}
              aria-invalid={reasonProblems.length > 0}
              {...(reasonProblems.length > 0 ? { 'aria-describedby': 'reroute-reason-error' } : {})}
              onChange={(event) => {
                setReason(event.target.value);
              }}
            />
            <FieldError id="reroute-reason-error" problems={reasonProblems} />
          </div>
        </StepForm>

        <StepForm
          step="paid"
          title={t('actions.paymentTitle')}
          submit={t('actions.pay')}
          busy={busy}
          onSubmit={() => void take('paid', { reference: receipt })}
          more={
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void take('guaranteed', { reference: receipt })}
            >
              {t('actions.guarantee')}
            </button>
          }
        >
          <div className="field">
            <label htmlFor="payment-reference">{t('actions.receipt')}</label>
            <input
              id="payment-reference"
              value={receipt}
              aria-invalid={receiptProblems.length > 0}
              {...(receiptProblems.length > 0 ? { 'aria-describedby': 'payment-reference-error' } : {})}
              onChange={(event) => {
                setReceipt(event.target.value);
              }}
            />
            <FieldError id="payment-reference-error" problems={receiptProblems} />
          </div>
        </StepForm>

        <StepForm
          step="released"
          title={t('actions.releaseTitle')}
          submit={t('actions.release')}
          busy={busy}
          onSubmit={() => void take('released', {})}
        >
          <p className="hint">{t('actions.releaseHint')}</p>
        </StepForm>
      </div>
    </section>
  );
}
