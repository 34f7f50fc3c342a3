/**
 * Each criterion's effectiveness, for the risk analyst (#/effectiveness): how many files it
 * selected, how many of those were inspected, how many inspections found an offence (its hits),
 * its hit rate and the revenue those controls recovered, from GET /api/indicators, over an
 * office and a period kept in the address. A criterion that selects often and finds little
 * costs controls for nothing; one that finds much may deserve a higher percentage. The table
 * sorts by any column (keyboard: the headers are buttons; aria-sort says the order); the chart
 * shows the hit rates in the table's order; the profiles' figures follow.
 */
import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { queryString } from '../api/api-client.ts';
import type { IndicatorReport, Office } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { navigate } from '../router.ts';
import { ChartCanvas } from '../ui/chart.tsx';
import { CsvButton } from '../ui/csv.tsx';
import { Loading, ProblemMessage } from '../ui/status.tsx';
import { nextDirection, sortCriteria, type SortDirection, type SortKey } from './criterion-sort.ts';

const columns: readonly { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'effectiveness.criterion', numeric: false },
  { key: 'profileId', label: 'effectiveness.profile', numeric: false },
  { key: 'selected', label: 'effectiveness.selected', numeric: true },
  { key: 'inspections', label: 'effectiveness.inspections', numeric: true },
  { key: 'hits', label: 'effectiveness.hits', numeric: true },
  { key: 'rate', label: 'effectiveness.rate', numeric: true },
  { key: 'revenueRecovered', label: 'effectiveness.revenue', numeric: true },
];
/** The chart shows this many criteria, the first in the table's order; the table has them all. */
const chartedCriteria = 20;

export function EffectivenessPage({ query }: { readonly query: URLSearchParams }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const applied = {
    office: query.get('office') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  };
  const [draft, setDraft] = useState(applied);
  const [order, setOrder] = useState<{ key: SortKey; direction: SortDirection }>({
    key: 'rate',
    direction: 'descending',
  });
  const offices = useApi<{ items: readonly Office[] }>('/api/offices').loaded;
  const officeList = offices.state === 'done' && offices.result.ok ? offices.result.value.items : [];
  const { loaded, reload } = useApi<IndicatorReport>(`/api/indicators${queryString(applied)}`);
  const report = loaded.state === 'done' && loaded.result.ok ? loaded.result.value : null;
  const sorted = useMemo(
    () => (report ? sortCriteria(report.criteria, order.key, order.direction) : []),
    [report, order],
  );

  const config = useMemo((): ChartConfiguration | null => {
    if (sorted.length === 0) return null;
    const shown = sorted.slice(0, chartedCriteria);
    return {
      type: 'bar',
      data: {
        labels: shown.map((row) => row.criterionId),
        datasets: [
          {
            label: t('effectiveness.rate'),
            backgroundColor: '#b3261e',
            data: shown.map((row) => (row.rate ?? 0) * 100),
          },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { min: 0, max: 100, title: { display: true, text: '%' } } },
      },
    };
  }, [sorted, t]);

  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    navigate(`#/effectiveness${queryString(draft)}`);
  };
  const rate = (value: number | null) => (value === null ? t('app.none') : formats.percent(value));
  const headers = columns.map((column) => t(column.label));

  return (
    <section aria-labelledby="effectiveness-title">
      <h1 id="effectiveness-title">{t('effectiveness.title')}</h1>
      <p>{t('effectiveness.intro')}</p>
      <form className="filters" onSubmit={apply} aria-label={t('effectiveness.filters')}>
        <div className="field">
          <label htmlFor="effectiveness-office">{t('effectiveness.office')}</label>
          <select
            id="effectiveness-office"
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
          </select>
        </div>
        <div className="field">
          <label htmlFor="effectiveness-from">{t('effectiveness.from')}</label>
          <input
            id="effectiveness-from"
            type="date"
            value={draft.from}
            onChange={(event) => {
              setDraft({ ...draft, from: event.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="effectiveness-to">{t('effectiveness.to')}</label>
          <input
            id="effectiveness-to"
            type="date"
            value={draft.to}
            onChange={(event) => {
              setDraft({ ...draft, to: event.target.value });
            }}
          />
        </div>
        <div className="filter-actions">
          <button type="submit">{t('worklist.apply')}</button>
        </div>
      </form>
      {loaded.state === 'loading' && <Loading />}
      {loaded.state === 'done' && !loaded.result.ok && (
        <ProblemMessage problem={loaded.result.problem} onRetry={reload} />
      )}
      {report && report.criteria.length === 0 && <p>{t('effectiveness.none')}</p>}
      {report && report.criteria.length > 0 && (
        <>
          <p className="hint">{t('effectiveness.note')}</p>
          {config && (
            <ChartCanvas
              config={config}
              label={t('effectiveness.chartLabel', { count: Math.min(sorted.length, chartedCriteria) })}
              height={Math.max(160, Math.min(sorted.length, chartedCriteria) * 28 + 60)}
            />
          )}
          <div className="table-scroll">
            <table data-testid="criteria-effectiveness">
              <caption>{t('effectiveness.caption')}</caption>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th
                      scope="col"
                      key={column.key}
                      className={column.numeric ? 'number' : undefined}
                      aria-sort={order.key === column.key ? order.direction : undefined}
                    >
                      <button
                        type="button"
                        className="sort"
                        onClick={() => {
                          setOrder({ key: column.key, direction: nextDirection(order, column.key) });
                        }}
                      >
                        {t(column.label)}
                        <span aria-hidden="true">
                          {order.key === column.key ? (order.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sorted.map((row) => (
                  <tr key={`${row.profileId}-${row.criterionId}`}>
                    <th scope="row">
                      {row.name} <span className="hint">({row.criterionId})</span>
                    </th>
                    <td>{row.profileId}</td>
                    <td className="number">{formats.number(row.selected)}</td>
                    <td className="number">{formats.number(row.inspections)}</td>
                    <td className="number">{formats.number(row.hits)}</td>
                    <td className="number">{rate(row.rate)}</td>
                    <td className="number">{formats.money(row.revenueRecovered)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CsvButton
            fileName={`criteria-effectiveness${applied.office === '' ? '' : `-${applied.office}`}.csv`}
            label={t('effectiveness.caption')}
            rows={() => [
              [...headers.slice(0, 1), t('effectiveness.criterionId'), ...headers.slice(1)],
              ...sorted.map((row) => [
                row.name,
                row.criterionId,
                row.profileId,
                row.selected,
                row.inspections,
                row.hits,
                row.rate,
                row.revenueRecovered,
              ]),
            ]}
          />
          <h2>{t('effectiveness.profilesTitle')}</h2>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('effectiveness.profilesTitle')}</caption>
              <thead>
                <tr>
                  {columns.slice(1).map((column) => (
                    <th scope="col" key={column.key} className={column.numeric ? 'number' : undefined}>
                      {t(column.label)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.profiles.map((row) => (
                  <tr key={row.profileId}>
                    <th scope="row">{row.profileId}</th>
                    <td className="number">{formats.number(row.selected)}</td>
                    <td className="number">{formats.number(row.inspections)}</td>
                    <td className="number">{formats.number(row.hits)}</td>
                    <td className="number">{rate(row.rate)}</td>
                    <td className="number">{formats.money(row.revenueRecovered)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
