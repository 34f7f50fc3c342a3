/**
 * A rule set draft for the risk analyst: the profiles (groups of criteria) renamed, activated or
 * not, added or removed once empty, each criterion placed in a profile, and new watchlists, then
 * the whole saved as the next version (POST /api/rule-sets). The model is rule-set-draft.ts; a
 * refused save shows each problem next to its field, worded by the server in the language
 * shown, and all of them in a summary at the top of the form.
 */
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem, Problem } from '../api/api-client.ts';
import { listKinds, type ListKind, type StoredRuleSet } from '../api/api-types.ts';
import { FormField } from './form-field.tsx';
import { ProblemSummary, saveVersion } from './version-save.tsx';
import {
  criteriaIn,
  documentOf,
  draftFieldOf,
  draftOf,
  withNewProfile,
  withoutProfile,
  type ListDraft,
  type ProfileDraft,
  type RuleSetDraft,
} from './rule-set-draft.ts';

export function ProfilesEditor({
  ruleSet,
  onCancel,
}: {
  readonly ruleSet: StoredRuleSet;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RuleSetDraft>(() => draftOf(ruleSet.document));
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const savedLists = ruleSet.document.lists.length;
  const criteria = ruleSet.document.profiles.flatMap((profile) => profile.criteria);

  const byField = new Map<string, FieldProblem[]>();
  for (const found of problem?.errors ?? []) {
    const key = draftFieldOf(found, savedLists) ?? 'other';
    byField.set(key, [...(byField.get(key) ?? []), found]);
  }
  const problemsOf = (key: string): readonly FieldProblem[] => byField.get(key) ?? [];
  const setProfile = (key: string, change: Partial<ProfileDraft>) => {
    setDraft({
      ...draft,
      profiles: draft.profiles.map((profile) => (profile.key === key ? { ...profile, ...change } : profile)),
    });
  };
  const setList = (index: number, change: Partial<ListDraft>) => {
    setDraft({
      ...draft,
      newLists: draft.newLists.map((list, i) => (i === index ? { ...list, ...change } : list)),
    });
  };
  const profileName = (profile: ProfileDraft, index: number) =>
    profile.id.trim() === '' ? t('profilesEditor.unnamed', { n: index + 1 }) : profile.id.trim();

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    setSaving(true);
    await saveVersion(
      '/api/rule-sets',
      documentOf(ruleSet.document, draft),
      'profiles-problems',
      setProblem,
      (version) => t('profilesEditor.saved', { version }),
    );
    setSaving(false);
  };

  return (
    <form onSubmit={(event) => void save(event)} aria-labelledby="profiles-editor-title" noValidate>
      <h2 id="profiles-editor-title">{t('profilesEditor.title')}</h2>
      <p className="hint">{t('profilesEditor.intro')}</p>
      {problem && <ProblemSummary id="profiles-problems" problem={problem} listed={problem.errors} />}
      <fieldset>
        <legend>{t('profilesEditor.profiles')}</legend>
        {draft.profiles.map((profile, index) => {
          const held = criteriaIn(draft, profile.key);
          const label = profileName(profile, index);
          return (
            <div
              key={profile.key}
              className="condition-row"
              role="group"
              aria-label={t('profilesEditor.profileN', { n: index + 1 })}
            >
              <FormField
                id={`profile-${index}-id`}
                label={t('profilesEditor.id')}
                problems={problemsOf(`profile-${index}-id`)}
              >
                {(props) => (
                  <input
                    {...props}
                    value={profile.id}
                    onChange={(event) => {
                      setProfile(profile.key, { id: event.target.value });
                    }}
                  />
                )}
              </FormField>
              <FormField
                id={`profile-${index}-name`}
                label={t('profilesEditor.name')}
                problems={problemsOf(`profile-${index}-name`)}
              >
                {(props) => (
                  <input
                    {...props}
                    value={profile.name}
                    onChange={(event) => {
                      setProfile(profile.key, { name: event.target.value });
                    }}
                  />
                )}
              </FormField>
              <div className="field">
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={profile.active}
                    onChange={(event) => {
                      setProfile(profile.key, { active: event.target.checked });
                    }}
                  />{' '}
                  {t('profilesEditor.active')}
                </label>
                <span className="hint">{t('profilesEditor.holds', { count: held })}</span>
              </div>
              <button
                type="button"
                className="secondary"
                disabled={held > 0}
                title={held > 0 ? t('profilesEditor.removeHint') : undefined}
                onClick={() => {
                  setDraft(withoutProfile(draft, profile.key));
                }}
              >
                {t('profilesEditor.remove', { name: label })}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(withNewProfile(draft));
          }}
        >
          {t('profilesEditor.addProfile')}
        </button>
      </fieldset>

      {criteria.length > 0 && (
        <fieldset>
          <legend>{t('profilesEditor.placement')}</legend>
          <div className="form-grid">
            {criteria.map((criterion) => (
              <div className="field" key={criterion.id}>
                <label htmlFor={`place-${criterion.id}`}>
                  {t('profilesEditor.profileOf', { name: criterion.name, id: criterion.id })}
                </label>
                <select
                  id={`place-${criterion.id}`}
                  value={draft.placement[criterion.id] ?? ''}
                  onChange={(event) => {
                    setDraft({
                      ...draft,
                      placement: { ...draft.placement, [criterion.id]: event.target.value },
                    });
                  }}
                >
                  {draft.profiles.map((profile, index) => (
                    <option key={profile.key} value={profile.key}>
                      {profileName(profile, index)}
                      {profile.name.trim() === '' ? '' : ` · ${profile.name.trim()}`}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
        </fieldset>
      )}

      <fieldset>
        <legend>{t('profilesEditor.newLists')}</legend>
        <p className="hint">{t('profilesEditor.newListsHint')}</p>
        {draft.newLists.map((list, index) => (
          <div
            key={index}
            className="condition-row"
            role="group"
            aria-label={t('profilesEditor.newListN', { n: index + 1 })}
          >
            <FormField
              id={`list-${index}-id`}
              label={t('profilesEditor.id')}
              problems={problemsOf(`list-${index}-id`)}
            >
              {(props) => (
                <input
                  {...props}
                  value={list.id}
                  onChange={(event) => {
                    setList(index, { id: event.target.value });
                  }}
                />
              )}
            </FormField>
            <FormField
              id={`list-${index}-name`}
              label={t('profilesEditor.name')}
              problems={problemsOf(`list-${index}-name`)}
            >
              {(props) => (
                <input
                  {...props}
                  value={list.name}
                  onChange={(event) => {
                    setList(index, { name: event.target.value });
                  }}
                />
              )}
            </FormField>
            <FormField
              id={`list-${index}-kind`}
              label={t('profilesEditor.kind')}
              problems={problemsOf(`list-${index}-kind`)}
            >
              {(props) => (
                <select
                  {...props}
                  value={list.kind}
                  onChange={(event) => {
                    setList(index, { kind: event.target.value as ListKind });
                  }}
                >
                  {listKinds.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`listKind.${kind}`)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft({ ...draft, newLists: draft.newLists.filter((_, i) => i !== index) });
              }}
            >
              {t('profilesEditor.removeList', { n: index + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft({ ...draft, newLists: [...draft.newLists, { id: '', name: '', kind: 'importer' }] });
          }}
        >
          {t('profilesEditor.addList')}
        </button>
      </fieldset>

      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? t('criterionForm.saving') : t('profilesEditor.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('criterionForm.cancel')}
        </button>
      </div>
    </form>
  );
}
