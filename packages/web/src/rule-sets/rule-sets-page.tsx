/** The risk analyst's list of rule set versions, newest first, with the one in force marked. */
import { useTranslation } from 'react-i18next';
import type { RuleSetSummary } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { Loading, ProblemMessage } from '../ui/status.tsx';

export function RuleSetsPage() {
  const { t } = useTranslation();
  const formats = useFormats();
  const { loaded, reload } = useApi<{ ruleSets: readonly RuleSetSummary[] }>('/api/rule-sets');
  return (
    <section aria-labelledby="rule-sets-title">
      <h1 id="rule-sets-title">{t('ruleSets.title')}</h1>
      <p>{t('ruleSets.intro')}</p>
      {loaded.state === 'loading' && <Loading />}
      {loaded.state === 'done' && !loaded.result.ok && (
        <ProblemMessage problem={loaded.result.problem} onRetry={reload} />
      )}
      {loaded.state === 'done' &&
        loaded.result.ok &&
        (loaded.result.value.ruleSets.length === 0 ? (
          <p>{t('ruleSets.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('ruleSets.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ruleSets.version')}</th>
                  <th scope="col">{t('ruleSets.name')}</th>
                  <th scope="col">{t('ruleSets.active')}</th>
                  <th scope="col">{t('ruleSets.createdAt')}</th>
                  <th scope="col">{t('ruleSets.createdBy')}</th>
                  <th scope="col" className="number">
                    {t('ruleSets.criteria')}
                  </th>
                  <th scope="col" className="number">
                    {t('ruleSets.lists')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {loaded.result.value.ruleSets.map((ruleSet) => (
                  <tr key={ruleSet.version}>
                    <th scope="row">
                      <a
                        href={`#/rule-sets/${ruleSet.version}`}
                        title={t('ruleSets.open', { version: ruleSet.version })}
                      >
                        v{ruleSet.version}
                      </a>
                    </th>
                    <td>{ruleSet.name}</td>
                    <td>{ruleSet.active ? <strong>{t('app.yes')}</strong> : t('app.no')}</td>
                    <td>{formats.dateTime(ruleSet.createdAt)}</td>
                    <td>{ruleSet.createdBy}</td>
                    <td className="number">{formats.number(ruleSet.criteria)}</td>
                    <td className="number">{formats.number(ruleSet.lists)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
