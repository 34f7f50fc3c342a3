/**
 * The national dashboard, per office and period: the lanes assigned per day (selectivity
 * counters), as shares over time and totals, then the clearance indicators (hit rates of
 * targeted and random controls, revenue recovered, release time per lane against its target).
 * Each table exports as CSV. Then write-off ageing: B/Ls not written off N days after arrival,
 * per office (write-off-ageing.tsx).
 */
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi, queryString, type Problem } from '../api/api-client.ts';
import { laneNames, type Office, type OfficeCounters } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { ChartCanvas, laneColours } from '../ui/chart.tsx';
import { CsvButton } from '../ui/csv.tsx';
import { Loading, ProblemMessage } from '../ui/status.tsx';
import { ClearanceIndicators } from './clearance-indicators.tsx';
import { WriteOffAgeing } from './write-off-ageing.tsx';

const periods = [7, 14, 30] as const;

/** The days (YYYY-MM-DD, UTC) of a period ending on a day, oldest first. */
function daysEnding(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(end - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10),
  );
}

export function DashboardPage({ query }: { readonly query: URLSearchParams }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const offices = useApi<{ items: readonly Office[] }>('/api/offices').loaded;
  const officeList = offices.state === 'done' && offices.result.ok ? offices.result.value.items : [];
  const [office, setOffice] = useState(query.get('office') ?? '');
  const [period, setPeriod] = useState<number>(14);
  const lastDay = query.get('to') ?? new Date().toISOString().slice(0, 10);
  const chosen = office !== '' ? office : (officeList[0]?.code ?? '');
  const [counters, setCounters] = useState<readonly OfficeCounters[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    if (chosen === '') return undefined;
    const live = { current: true };
    const isLive = () => live.current;
    setCounters(null);
    void Promise.all(
      daysEnding(lastDay, period).map((day) =>
        getApi<OfficeCounters>(`/api/selectivity/counters${queryString({ office: chosen, day })}`),
      ),
    ).then((answers) => {
      if (!isLive()) return;
      const problems = answers.flatMap((answer) => (answer.ok ? [] : [answer.problem]));
      if (problems[0]) setProblem(problems[0]);
      else setCounters(answers.flatMap((answer) => (answer.ok ? [answer.value] : [])));
    });
    return () => {
      live.current = false;
    };
  }, [chosen, period, lastDay]);

  const config = useMemo((): ChartConfiguration | null => {
    if (!counters) return null;
    return {
      type: 'bar',
      data: {
        labels: counters.map((day) => formats.date(day.day)),
        datasets: laneNames.map((lane) => ({
          label: t(`lane.${lane}`),
          backgroundColor: laneColours[lane],
          data: counters.map((day) => (day.assessed === 0 ? 0 : (day[lane] / day.assessed) * 100)),
        })),
      },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, max: 100, title: { display: true, text: '%' } } },
      },
    };
  }, [counters, formats, t]);

  const totals = counters?.reduce(
    (sum, day) => ({
      assessed: sum.assessed + day.assessed,
      red: sum.red + day.red,
      yellow: sum.yellow + day.yellow,
      blue: sum.blue + day.blue,
      green: sum.green + day.green,
    }),
    { assessed: 0, red: 0, yellow: 0, blue: 0, green: 0 },
  );

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <p>{t('dashboard.intro')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="dashboard-office">{t('dashboard.office')}</label>
          <select
            id="dashboard-office"
            value={chosen}
            onChange={(event) => {
              setOffice(event.target.value);
            }}
          >
            {officeList.map((item) => (
              <option key={item.code} value={item.code}>
                {item.code} · {item.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dashboard-period">{t('dashboard.days')}</label>
          <select
            id="dashboard-period"
            value={period}
            onChange={(event) => {
              setPeriod(Number(event.target.value));
            }}
          >
            {periods.map((count) => (
              <option key={count} value={count}>
                {t('dashboard.lastDays', { count })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem && <ProblemMessage problem={problem} />}
      {!problem && !counters && <Loading />}
      {counters && config && totals && (
        <>
          <h2>{t('dashboard.laneShares')}</h2>
          <ChartCanvas config={config} label={t('dashboard.laneSharesCaption')} />
          <div className="table-scroll">
            <table>
              <caption>{t('dashboard.laneSharesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.day')}</th>
                  <th scope="col" className="number">
                    {t('dashboard.assessed')}
                  </th>
                  {laneNames.map((lane) => (
                    <th scope="col" className="number" key={lane}>
                      {t(`lane.${lane}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {counters.map((day) => (
                  <tr key={day.day}>
                    <th scope="row">{formats.date(day.day)}</th>
                    <td className="number">{formats.number(day.assessed)}</td>
                    {laneNames.map((lane) => (
                      <td className="number" key={lane}>
                        {formats.number(day[lane])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('dashboard.totals')}</th>
                  <td className="number" data-testid="assessed-total">
                    {formats.number(totals.assessed)}
                  </td>
                  {laneNames.map((lane) => (
                    <td className="number" key={lane}>
                      {formats.number(totals[lane])} (
                      {totals.assessed === 0
                        ? t('app.none')
                        : formats.percent(totals[lane] / totals.assessed)}
                      )
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <CsvButton
            fileName={`lanes-${chosen}-${counters[0]?.day ?? ''}-${lastDay}.csv`}
            label={t('dashboard.laneSharesCaption')}
            rows={() => [
              [t('dashboard.day'), t('dashboard.assessed'), ...laneNames.map((lane) => t(`lane.${lane}`))],
              ...counters.map((day) => [day.day, day.assessed, ...laneNames.map((lane) => day[lane])]),
            ]}
          />
        </>
      )}
      {chosen !== '' && (
        <ClearanceIndicators office={chosen} from={daysEnding(lastDay, period)[0] ?? lastDay} to={lastDay} />
      )}
      {chosen !== '' && <WriteOffAgeing office={chosen} />}
    </section>
  );
}
