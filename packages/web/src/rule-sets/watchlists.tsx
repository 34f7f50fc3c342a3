/**
 * The watchlists of a rule set version, with their entries and the dates each counts between,
 * and a form per list that adds an entry with its validity dates (POST
 * /api/rule-sets/{version}/lists/{listId}/entries). Adding saves a new version, never changes
 * the one shown, and goes to it; a refused entry shows each of the server's problems next to
 * its field, in the language shown.
 */
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem, Problem } from '../api/api-client.ts';
import type { StoredRuleSet, Watchlist } from '../api/api-types.ts';
import { useFormats } from '../i18n/format.ts';
import { FormField } from './form-field.tsx';
import { ProblemSummary, saveVersion } from './version-save.tsx';
import { entryFieldOf } from './rule-set-draft.ts';

/** Whether an entry counts at an instant: from validFrom (inclusive) to validTo (exclusive). */
const countsAt = (entry: Watchlist['entries'][number], at: number): boolean =>
  Date.parse(entry.validFrom) <= at && (entry.validTo === undefined || at < Date.parse(entry.validTo));

/** A date field's value as the instant the API takes: midnight UTC that day; absent when empty. */
const instantOf = (day: string): string | undefined => (day === '' ? undefined : `${day}T00:00:00.000Z`);

function EntryForm({
  version,
  list,
  listIndex,
}: {
  readonly version: number;
  readonly list: Watchlist;
  readonly listIndex: number;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [validFrom, setValidFrom] = useState(() => new Date().toISOString().slice(0, 10));
  const [validTo, setValidTo] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const prefix = `entry-${list.id}`;

  const byField = new Map<string, FieldProblem[]>();
  for (const found of problem?.errors ?? []) {
    const key = entryFieldOf(found, listIndex, list.entries.length) ?? 'other';
    byField.set(key, [...(byField.get(key) ?? []), found]);
  }
  const problemsOf = (key: string): readonly FieldProblem[] => byField.get(key) ?? [];

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    setSaving(true);
    const from = instantOf(validFrom);
    const to = instantOf(validTo);
    await saveVersion(
      `/api/rule-sets/${version}/lists/${list.id}/entries`,
      {
        entries: [
          { value: value.trim(), ...(from ? { validFrom: from } : {}), ...(to ? { validTo: to } : {}) },
        ],
      },
      `${prefix}-problems`,
      setProblem,
      (saved) => t('watchlists.saved', { version: saved, value: value.trim(), list: list.name }),
    );
    setSaving(false);
  };

  return (
    <form onSubmit={(event) => void save(event)} aria-labelledby={`${prefix}-title`} noValidate>
      <h3 id={`${prefix}-title`}>{t('watchlists.addTitle', { list: list.name })}</h3>
      {problem && <ProblemSummary id={`${prefix}-problems`} problem={problem} listed={problemsOf('other')} />}
      <div className="form-grid">
        <FormField
          id={`${prefix}-value`}
          label={t('watchlists.value')}
          hint={t(`watchlists.valueHint.${list.kind}`)}
          problems={problemsOf('value')}
        >
          {(props) => (
            <input
              {...props}
              value={value}
              onChange={(event) => {
                setValue(event.target.value);
              }}
            />
          )}
        </FormField>
        <FormField id={`${prefix}-from`} label={t('watchlists.validFrom')} problems={problemsOf('validFrom')}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={validFrom}
              onChange={(event) => {
                setValidFrom(event.target.value);
              }}
            />
          )}
        </FormField>
        <FormField
          id={`${prefix}-to`}
          label={t('watchlists.validTo')}
          hint={t('watchlists.validToHint')}
          problems={problemsOf('validTo')}
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={validTo}
              onChange={(event) => {
                setValidTo(event.target.value);
              }}
            />
          )}
        </FormField>
      </div>
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? t('criterionForm.saving') : t('watchlists.add')}
        </button>
      </div>
    </form>
  );
}

export function Watchlists({ ruleSet }: { readonly ruleSet: StoredRuleSet }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const [now] = useState(() => Date.now());
  const { lists } = ruleSet.document;
  return (
    <section aria-labelledby="watchlists-title">
      <h2 id="watchlists-title">{t('watchlists.title')}</h2>
      <p className="hint">{t('watchlists.intro')}</p>
      {lists.length === 0 && <p>{t('watchlists.none')}</p>}
      {lists.map((list, listIndex) => (
        <section key={list.id} aria-labelledby={`list-${list.id}`} className="watchlist">
          <h3 id={`list-${list.id}`}>
            {t('watchlists.list', { name: list.name, id: list.id, kind: t(`listKind.${list.kind}`) })}
          </h3>
          {list.entries.length === 0 ? (
            <p>{t('watchlists.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">
                  {t('watchlists.entriesOf', { name: list.name })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('watchlists.value')}</th>
                    <th scope="col">{t('watchlists.validFrom')}</th>
                    <th scope="col">{t('watchlists.validTo')}</th>
                    <th scope="col">{t('watchlists.inForce')}</th>
                    <th scope="col">{t('watchlists.addedBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.entries.map((entry, index) => (
                    <tr key={index}>
                      <th scope="row">{entry.value}</th>
                      <td>{formats.date(entry.validFrom)}</td>
                      <td>
                        {entry.validTo === undefined ? t('watchlists.noEnd') : formats.date(entry.validTo)}
                      </td>
                      <td>{countsAt(entry, now) ? t('app.yes') : t('app.no')}</td>
                      <td>
                        {entry.addedBy} · {formats.dateTime(entry.addedAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <EntryForm version={ruleSet.version} list={list} listIndex={listIndex} />
        </section>
      ))}
    </section>
  );
}
