/**
 * The officer's worklist: an office's declarations, newest first, with their status and lane.
 * Filters live in the address (`#/worklist?office=SNDKR1&status=assessed&lane=red`), so a
 * filtered list can be bookmarked and shared. Every filter, the lane of the latest assessment
 * included, is applied by the API, which gives each file's lane and score with the list.
 */
import { useEffect, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi, queryString, type Problem } from '../api/api-client.ts';
import {
  declarationStatuses,
  laneNames,
  type DeclarationSummary,
  type Office,
  type Page,
} from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { navigate } from '../router.ts';
import { LaneBadge } from '../ui/lane-badge.tsx';
import { Loading, ProblemMessage } from '../ui/status.tsx';

const pageSize = 25;
const filterNames = ['office', 'status', 'lane', 'importer', 'lodgedFrom', 'lodgedTo'] as const;
type Filters = Record<(typeof filterNames)[number], string>;

function filtersOf(query: URLSearchParams): Filters {
  const filters = {} as Record<string, string>;
  for (const name of filterNames) filters[name] = query.get(name) ?? '';
  return filters as Filters;
}

export function WorklistPage({ query }: { readonly query: URLSearchParams }) {
  const { t, i18n } = useTranslation();
  const formats = useFormats();
  const applied = filtersOf(query);
  const [draft, setDraft] = useState<Filters>(applied);
  const [rows, setRows] = useState<readonly DeclarationSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const offices = useApi<{ items: readonly Office[] }>('/api/offices').loaded;
  const queryText = query.toString();

  const listPath = (after?: string) =>
    `/api/declarations${queryString({
      office: applied.office,
      status: applied.status,
      lane: applied.lane,
      importer: applied.importer,
      lodgedFrom: applied.lodgedFrom,
      lodgedTo: applied.lodgedTo,
      limit: pageSize,
      cursor: after,
    })}`;

  useEffect(() => {
    const live = { current: true };
    const isLive = () => live.current;
    setDraft(filtersOf(new URLSearchParams(queryText)));
    setRows(null);
    setProblem(null);
    void getApi<Page<DeclarationSummary>>(listPath()).then((page) => {
      if (!isLive()) return;
      if (!page.ok) {
        setProblem(page.problem);
        return;
      }
      setRows(page.value.items);
      setTotal(page.value.total);
      setCursor(page.value.nextCursor);
    });
    return () => {
      live.current = false;
    };
    // listPath reads the applied filters, which queryText stands for.
  }, [queryText, i18n.language]);

  const loadMore = async () => {
    if (cursor === undefined) return;
    setLoadingMore(true);
    const page = await getApi<Page<DeclarationSummary>>(listPath(cursor));
    setLoadingMore(false);
    if (!page.ok) {
      setProblem(page.problem);
      return;
    }
    setRows((previous) => [...(previous ?? []), ...page.value.items]);
    setCursor(page.value.nextCursor);
  };

  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    navigate(`#/worklist${queryString(draft)}`);
  };

  const officeList = offices.state === 'done' && offices.result.ok ? offices.result.value.items : [];

  return (
    <section aria-labelledby="worklist-title">
      <h1 id="worklist-title">{t('worklist.title')}</h1>
      <p>{t('worklist.intro')}</p>
      <form className="filters" onSubmit={apply} aria-label={t('worklist.filters')}>
        <div className="field">
          <label htmlFor="filter-office">{t('worklist.office')}</label>
          <select
            id="filter-office"
            name="office"
            value={draft.office}
            onChange={(event) => {
              setDraft({ ...draft, office: event.target.value });
            }}
          >
            <option value="">{t('worklist.allOffices')}</option>
            {officeList.map((office) => (
              <option key={office.code} value={office.code}>
                {office.code} · {office.name}
              </option>
            ))}
          </select>{' '}
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t('worklist.status')}</label>
          <select
            id="filter-status"
            name="status"
            value={draft.status}
            onChange={(event) => {
              setDraft({ ...draft, status: event.target.value });
            }}
          >
            <option value="">{t('worklist.allStatuses')}</option>
            {declarationStatuses.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>{' '}
        </div>
        <div className="field">
          <label htmlFor="filter-lane">{t('worklist.lane')}</label>
          <select
            id="filter-lane"
            name="lane"
            value={draft.lane}
            onChange={(event) => {
              setDraft({ ...draft, lane: event.target.value });
            }}
          >
            <option value="">{t('worklist.allLanes')}</option>
            {laneNames.map((lane) => (
              <option key={lane} value={lane}>
                {t(`lane.${lane}`)}
              </option>
            ))}
          </select>{' '}
        </div>
        <div className="field">
          <label htmlFor="filter-importer">{t('worklist.importer')}</label>
          <input
            id="filter-importer"
            name="importer"
            value={draft.importer}
            onChange={(event) => {
              setDraft({ ...draft, importer: event.target.value });
            }}
          />{' '}
        </div>
        <div className="field">
          <label htmlFor="filter-lodgedFrom">{t('worklist.lodgedFrom')}</label>
          <input
            id="filter-lodgedFrom"
            type="date"
            name="lodgedFrom"
            value={draft.lodgedFrom}
            onChange={(event) => {
              setDraft({ ...draft, lodgedFrom: event.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-lodgedTo">{t('worklist.lodgedTo')}</label>
          <input
            id="filter-lodgedTo"
            type="date"
            name="lodgedTo"
            value={draft.lodgedTo}
            onChange={(event) => {
              setDraft({ ...draft, lodgedTo: event.target.value });
            }}
          />
        </div>
        <div className="filter-actions">
          <button type="submit">{t('worklist.apply')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              navigate('#/worklist');
            }}
          >
            {t('worklist.reset')}
          </button>
        </div>
      </form>
      {problem && <ProblemMessage problem={problem} />}
      {!problem && rows === null && <Loading />}
      {rows && (
        <>
          <p role="status">{t('worklist.total', { total: formats.number(total) })}</p>
          {rows.length === 0 ? (
            <p>{t('worklist.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('worklist.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('worklist.reference')}</th>
                    <th scope="col">{t('worklist.importerName')}</th>
                    <th scope="col">{t('worklist.office')}</th>
                    <th scope="col">{t('worklist.status')}</th>
                    <th scope="col">{t('worklist.lane')}</th>
                    <th scope="col" className="number">
                      {t('worklist.score')}
                    </th>
                    <th scope="col">{t('worklist.lodgedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.id}>
                      <th scope="row">
                        <a
                          href={`#/files/${row.id}`}
                          aria-label={t('worklist.openFile', { reference: row.reference })}
                        >
                          {row.reference}
                        </a>
                      </th>
                      <td>{row.importer.name}</td>
                      <td>{row.office}</td>
                      <td>{t(`status.${row.status}`, { defaultValue: row.status })}</td>
                      <td>
                        <LaneBadge lane={row.lane} />
                      </td>
                      <td className="number">
                        {row.score === null ? t('app.none') : formats.number(row.score)}
                      </td>
                      <td>{formats.dateTime(row.lodgedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {cursor !== undefined && (
            <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? t('app.loading') : t('worklist.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
