/**
 * One rule set version for the risk analyst: its profiles and criteria, watchlists
 * (watchlists.tsx: entries added with their validity dates), lane parameters, whether it is in
 * force; activation; a form that adds a criterion and a draft of its profiles and lists
 * (profiles-editor.tsx), each saving the whole as the next version. A refused save shows each problem next to its field, worded by the server
 * in the language shown, and all of them in a summary at the top of the form.
 */
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { postApi, type FieldProblem, type Problem } from '../api/api-client.ts';
import type { Condition, RuleSetSummary, StoredRuleSet } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { LaneBadge } from '../ui/lane-badge.tsx';
import { Loading, ProblemMessage } from '../ui/status.tsx';
import { criterionFields, criterionOf, formFieldOf, type CriterionDraft } from './criterion-form.ts';
import { FormField } from './form-field.tsx';
import { takeNotice } from './notice.ts';
import { ProblemSummary, saveVersion } from './version-save.tsx';
import { ProfilesEditor } from './profiles-editor.tsx';
import { Watchlists } from './watchlists.tsx';

function conditionText(condition: Condition): string {
  if ('all' in condition) return condition.all.map(conditionText).join(' ∧ ');
  if ('any' in condition) return condition.any.map(conditionText).join(' ∨ ');
  if ('not' in condition) return `¬(${conditionText(condition.not)})`;
  const value = condition.list ?? JSON.stringify(condition.value);
  return `${condition.field} ${condition.op} ${value}`;
}

function CriterionForm({
  ruleSet,
  onCancel,
}: {
  readonly ruleSet: StoredRuleSet;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<CriterionDraft>({
    profileIndex: 0,
    id: '',
    name: '',
    conditions: [{ field: 'tariffLine', op: 'prefix', value: '' }],
    lane: 'red',
    percentage: '100',
    weight: '10',
    validFrom: new Date().toISOString().slice(0, 10),
    reasonFr: '',
    reasonEn: '',
    rationale: '',
  });
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const profiles = ruleSet.document.profiles;
  const criterionIndex = profiles[draft.profileIndex]?.criteria.length ?? 0;

  const problemsByField = new Map<string, FieldProblem[]>();
  for (const found of problem?.errors ?? []) {
    const key = formFieldOf(found, draft.profileIndex, criterionIndex, draft.conditions.length) ?? 'other';
    problemsByField.set(key, [...(problemsByField.get(key) ?? []), found]);
  }
  const problemsOf = (key: string): readonly FieldProblem[] => problemsByField.get(key) ?? [];
  const set = (change: Partial<CriterionDraft>) => {
    setDraft({ ...draft, ...change });
  };
  const setCondition = (index: number, change: Partial<CriterionDraft['conditions'][number]>) => {
    set({
      conditions: draft.conditions.map((condition, i) => {
        if (i !== index) return condition;
        const next = { ...condition, ...change };
        const ops = criterionFields[next.field] ?? [];
        return ops.includes(next.op) ? next : { ...next, op: ops[0] ?? 'eq' };
      }),
    });
  };

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    setSaving(true);
    const criterion = criterionOf(draft);
    const document = {
      ...ruleSet.document,
      profiles: profiles.map((profile, index) =>
        index === draft.profileIndex ? { ...profile, criteria: [...profile.criteria, criterion] } : profile,
      ),
    };
    await saveVersion('/api/rule-sets', document, 'criterion-problems', setProblem, (version) =>
      t('criterionForm.saved', { version }),
    );
    setSaving(false);
  };

  return (
    <form onSubmit={(event) => void save(event)} aria-labelledby="criterion-title" noValidate>
      <h2 id="criterion-title">{t('criterionForm.title')}</h2>
      <p className="hint">{t('criterionForm.intro')}</p>
      {problem && <ProblemSummary id="criterion-problems" problem={problem} listed={problem.errors} />}
      <div className="form-grid">
        <FormField id="criterion-profile" label={t('criterionForm.profile')} problems={[]}>
          {(props) => (
            <select
              {...props}
              value={draft.profileIndex}
              onChange={(event) => {
                set({ profileIndex: Number(event.target.value) });
              }}
            >
              {profiles.map((profile, index) => (
                <option key={profile.id} value={index}>
                  {profile.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="criterion-id"
          label={t('criterionForm.id')}
          hint={t('criterionForm.idHint')}
          problems={problemsOf('id')}
        >
          {(props) => (
            <input
              {...props}
              value={draft.id}
              onChange={(event) => {
                set({ id: event.target.value });
              }}
            />
          )}
        </FormField>
        <FormField id="criterion-name" label={t('criterionForm.name')} problems={problemsOf('name')}>
          {(props) => (
            <input
              {...props}
              value={draft.name}
              onChange={(event) => {
                set({ name: event.target.value });
              }}
            />
          )}
        </FormField>
      </div>
      <fieldset>
        <legend>{t('criterionForm.conditions')}</legend>
        {draft.conditions.map((condition, index) => (
          <div
            className="condition-row"
            key={index}
            role="group"
            aria-label={t('criterionForm.conditionN', { n: index + 1 })}
          >
            <FormField
              id={`condition-${index}-field`}
              label={t('criterionForm.field')}
              problems={problemsOf(`condition-${index}-field`)}
            >
              {(props) => (
                <select
                  {...props}
                  value={condition.field}
                  onChange={(event) => {
                    setCondition(index, { field: event.target.value });
                  }}
                >
                  {Object.keys(criterionFields).map((field) => (
                    <option key={field} value={field}>
                      {t(`field.${field}`)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField
              id={`condition-${index}-op`}
              label={t('criterionForm.operator')}
              problems={problemsOf(`condition-${index}-op`)}
            >
              {(props) => (
                <select
                  {...props}
                  value={condition.op}
                  onChange={(event) => {
                    setCondition(index, { op: event.target.value });
                  }}
                >
                  {(criterionFields[condition.field] ?? []).map((op) => (
                    <option key={op} value={op}>
                      {t(`operator.${op}`)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField
              id={`condition-${index}-value`}
              label={t('criterionForm.value')}
              hint={t('criterionForm.valueHint')}
              problems={problemsOf(`condition-${index}-value`)}
            >
              {(props) => (
                <input
                  {...props}
                  value={condition.value}
                  onChange={(event) => {
                    setCondition(index, { value: event.target.value });
                  }}
                />
              )}
            </FormField>
            {draft.conditions.length > 1 && (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  set({ conditions: draft.conditions.filter((_, i) => i !== index) });
                }}
              >
                {t('criterionForm.removeCondition', { n: index + 1 })}
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            set({ conditions: [...draft.conditions, { field: 'origin', op: 'eq', value: '' }] });
          }}
        >
          {t('criterionForm.addCondition')}
        </button>
      </fieldset>
      <div className="form-grid">
        <FormField id="criterion-lane" label={t('criterionForm.lane')} problems={problemsOf('lane')}>
          {(props) => (
            <select
              {...props}
              value={draft.lane}
              onChange={(event) => {
                set({ lane: event.target.value as CriterionDraft['lane'] });
              }}
            >
              {(['red', 'yellow', 'blue'] as const).map((lane) => (
                <option key={lane} value={lane}>
                  {t(`lane.${lane}`)} ({t(`laneMeaning.${lane}`)})
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="criterion-percentage"
          label={t('criterionForm.percentage')}
          problems={problemsOf('percentage')}
        >
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={draft.percentage}
              onChange={(event) => {
                set({ percentage: event.target.value });
              }}
            />
          )}
        </FormField>
        <FormField id="criterion-weight" label={t('criterionForm.weight')} problems={problemsOf('weight')}>
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={draft.weight}
              onChange={(event) => {
                set({ weight: event.target.value });
              }}
            />
          )}
        </FormField>
        <FormField
          id="criterion-valid-from"
          label={t('criterionForm.validFrom')}
          problems={problemsOf('validFrom')}
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.validFrom}
              onChange={(event) => {
                set({ validFrom: event.target.value });
              }}
            />
          )}
        </FormField>
        <FormField
          id="criterion-reason-fr"
          label={t('criterionForm.reasonFr')}
          problems={problemsOf('reasonFr')}
        >
          {(props) => (
            <input
              {...props}
              lang="fr"
              value={draft.reasonFr}
              onChange={(event) => {
                set({ reasonFr: event.target.value });
              }}
            />
          )}
        </FormField>
        <FormField
          id="criterion-reason-en"
          label={t('criterionForm.reasonEn')}
          problems={problemsOf('reasonEn')}
        >
          {(props) => (
            <input
              {...props}
              lang="en"
              value={draft.reasonEn}
              onChange={(event) => {
                set({ reasonEn: event.target.value });
              }}
            />
          )}
        </FormField>
        <div className="wide">
          <FormField
            id="criterion-rationale"
            label={t('criterionForm.rationale')}
            problems={problemsOf('rationale')}
          >
            {(props) => (
              <textarea
                {...props}
                rows={2}
                value={draft.rationale}
                onChange={(event) => {
                  set({ rationale: event.target.value });
                }}
              />
            )}
          </FormField>
        </div>
      </div>
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? t('criterionForm.saving') : t('criterionForm.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('criterionForm.cancel')}
        </button>
      </div>
    </form>
  );
}

export function RuleSetPage({ version }: { readonly version: number }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const language = currentLanguage();
  const { loaded, reload } = useApi<StoredRuleSet>(`/api/rule-sets/${version}`);
  const summaries = useApi<{ ruleSets: readonly RuleSetSummary[] }>('/api/rule-sets');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const [message] = useState(takeNotice);
  const [activation, setActivation] = useState<{
    done: StoredRuleSet | null;
    problem: Problem | null;
  }>({ done: null, problem: null });

  if (loaded.state === 'loading') return <Loading />;
  if (!loaded.result.ok) return <ProblemMessage problem={loaded.result.problem} onRetry={reload} />;
  const ruleSet = loaded.result.value;
  // Once activated here, when and by whom come from the activation's answer.
  const activated = activation.done ?? ruleSet;
  const active =
    summaries.loaded.state === 'done' &&
    summaries.loaded.result.ok &&
    summaries.loaded.result.value.ruleSets.some((summary) => summary.version === version && summary.active);

  const activate = async () => {
    const done = await postApi<StoredRuleSet>(`/api/rule-sets/${version}/activation`, {});
    setActivation(done.ok ? { done: done.value, problem: null } : { done: null, problem: done.problem });
    if (done.ok) summaries.reload();
  };

  return (
    <article aria-labelledby="rule-set-title">
      <p>
        <a href="#/rule-sets">← {t('ruleSet.back')}</a>
      </p>
      <h1 id="rule-set-title">{t('ruleSet.title', { version })}</h1>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <p>
        <strong>{ruleSet.name}</strong> · {formats.dateTime(ruleSet.createdAt)} · {ruleSet.createdBy}
      </p>
      <p>
        <strong>{active ? t('ruleSet.inForce') : t('ruleSet.notInForce')}</strong>
        {activated.activatedAt &&
          ` · ${t('ruleSets.activatedAt')} ${formats.dateTime(activated.activatedAt)}`}
        {activated.activatedBy && ` · ${t('ruleSet.activatedBy')} ${activated.activatedBy}`}
      </p>
      <div className="actions">
        {!active && (
          <button type="button" onClick={() => void activate()}>
            {t('ruleSet.activate')}
          </button>
        )}
        <a href={`#/backtest?candidate=${version}`}>{t('ruleSet.backtest')}</a>
        {!adding && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setAdding(true);
            }}
          >
            {t('ruleSet.addCriterion')}
          </button>
        )}
        {!editing && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('ruleSet.editProfiles')}
          </button>
        )}
      </div>
      {activation.done !== null && (
        <p className="notice" role="status">
          {t('ruleSet.activated', { version })}
        </p>
      )}
      {activation.problem && <ProblemMessage problem={activation.problem} />}
      {adding && (
        <CriterionForm
          ruleSet={ruleSet}
          onCancel={() => {
            setAdding(false);
          }}
        />
      )}
      {editing && (
        <ProfilesEditor
          ruleSet={ruleSet}
          onCancel={() => {
            setEditing(false);
          }}
        />
      )}
      {ruleSet.document.profiles.map((profile) => (
        <section key={profile.id} aria-labelledby={`profile-${profile.id}`}>
          <h2 id={`profile-${profile.id}`}>
            {t('ruleSet.profile', { name: profile.name })} {!profile.active && t('ruleSet.profileInactive')}
          </h2>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">
                {t('ruleSet.criteriaCaption', { name: profile.name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('ruleSet.criterion')}</th>
                  <th scope="col">{t('ruleSet.condition')}</th>
                  <th scope="col">{t('ruleSet.effect')}</th>
                  <th scope="col" className="number">
                    {t('ruleSet.weight')}
                  </th>
                  <th scope="col">{t('ruleSet.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {profile.criteria.map((criterion) => (
                  <tr key={criterion.id}>
                    <th scope="row">
                      {criterion.name} <span className="hint">({criterion.id})</span>
                    </th>
                    <td>
                      <code>{conditionText(criterion.condition)}</code>
                    </td>
                    <td>
                      <LaneBadge lane={criterion.effect.lane} /> {formats.number(criterion.effect.percentage)}
                      {'\u00a0%'}
                    </td>
                    <td className="number">{formats.number(criterion.weight)}</td>
                    <td lang={language}>{criterion.reason[language]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <Watchlists ruleSet={ruleSet} />
      <section aria-labelledby="lane-parameters-title">
        <h2 id="lane-parameters-title">{t('ruleSet.laneParameters')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('ruleSet.expectedRate')}</dt>
            <dd>{t('ruleSet.ratesText', { ...ruleSet.document.laneParameters.default.expectedRate })}</dd>
          </div>
          <div>
            <dt>{t('ruleSet.minimumRandomRate')}</dt>
            <dd>
              {t('ruleSet.ratesText', { ...ruleSet.document.laneParameters.default.minimumRandomRate })}
            </dd>
          </div>
        </dl>
      </section>
    </article>
  );
}
