/**
 * The clearance indicators of an office over a period (GET /api/indicators): the hit rate of
 * targeted controls against that of random ones (the random sample measures the targeting
 * without bias), revenue recovered per day, and the arrival-to-release time per lane (median,
 * P90) against the office's target (WCO Time Release Study). Each chart has its table, and each
 * table its CSV export.
 */
import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { queryString } from '../api/api-client.ts';
import { laneNames, type ClearanceSettings, type IndicatorReport } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { ChartCanvas, laneColours } from '../ui/chart.tsx';
import { CsvButton } from '../ui/csv.tsx';
import { Loading, ProblemMessage } from '../ui/status.tsx';

const selections = ['targeted', 'random', 'topUp'] as const;
const hours = (seconds: number | null): number | null => (seconds === null ? null : seconds / 3600);

export function ClearanceIndicators({
  office,
  from,
  to,
}: {
  readonly office: string;
  readonly from: string;
  readonly to: string;
}) {
  const { t } = useTranslation();
  const formats = useFormats();
  const whole = useApi<IndicatorReport>(`/api/indicators${queryString({ office, from, to })}`).loaded;
  const daily = useApi<IndicatorReport>(
    `/api/indicators${queryString({ office, from, to, groupBy: 'period', period: 'day' })}`,
  ).loaded;
  const settings = useApi<ClearanceSettings>(`/api/offices/${office}/clearance-settings`).loaded;

  const total = whole.state === 'done' && whole.result.ok ? whole.result.value.groups[0] : undefined;
  const days = useMemo(
    () =>
      daily.state === 'done' && daily.result.ok
        ? [...daily.result.value.groups].sort((a, b) =>
            (a.key.period ?? '').localeCompare(b.key.period ?? ''),
          )
        : [],
    [daily],
  );
  const targets =
    settings.state === 'done' && settings.result.ok ? settings.result.value.releaseTargets : null;

  const hitConfig = useMemo((): ChartConfiguration | null => {
    if (!total) return null;
    return {
      type: 'bar',
      data: {
        labels: selections.map((selection) => t(`indicators.selection.${selection}`)),
        datasets: [
          {
            label: t('indicators.hitRate'),
            backgroundColor: ['#b3261e', '#1f5fa8', '#4a4f55'],
            data: selections.map((selection) => (total.hitRate[selection].rate ?? 0) * 100),
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } },
      },
    };
  }, [total, t]);

  const revenueConfig = useMemo((): ChartConfiguration | null => {
    if (days.length === 0) return null;
    return {
      type: 'bar',
      data: {
        labels: days.map((day) => formats.date(day.key.period ?? '')),
        datasets: [
          {
            label: t('indicators.revenue'),
            backgroundColor: '#0b4f6c',
            data: days.map((day) => Number(day.revenueRecovered)),
          },
        ],
      },
      options: { scales: { y: { min: 0, title: { display: true, text: 'F CFA' } } } },
    };
  }, [days, formats, t]);

  const releaseConfig = useMemo((): ChartConfiguration | null => {
    if (!total) return null;
    return {
      type: 'bar',
      data: {
        labels: laneNames.map((lane) => t(`lane.${lane}`)),
        datasets: [
          {
            label: t('indicators.median'),
            backgroundColor: laneNames.map((lane) => laneColours[lane]),
            data: laneNames.map((lane) => hours(total.releaseTime[lane].medianSeconds) ?? 0),
          },
          {
            label: t('indicators.p90'),
            backgroundColor: '#c9ced4',
            data: laneNames.map((lane) => hours(total.releaseTime[lane].p90Seconds) ?? 0),
          },
          ...(targets
            ? [
                {
                  type: 'line' as const,
                  label: t('indicators.target'),
                  borderColor: '#1a1a1a',
                  backgroundColor: '#1a1a1a',
                  borderDash: [6, 4],
                  data: laneNames.map((lane) => targets[lane]),
                },
              ]
            : []),
        ],
      },
      options: { scales: { y: { min: 0, title: { display: true, text: t('indicators.hours') } } } },
    };
  }, [total, targets, t]);

  if (whole.state === 'loading' || daily.state === 'loading') return <Loading />;
  if (!whole.result.ok) return <ProblemMessage problem={whole.result.problem} />;
  if (!total) return <p>{t('indicators.noFiles')}</p>;

  const rate = (value: number | null) => (value === null ? t('app.none') : formats.percent(value));
  const hitHeaders = [
    t('indicators.selectionColumn'),
    t('indicators.inspections'),
    t('indicators.hits'),
    t('indicators.hitRate'),
  ];
  const releaseHeaders = [
    t('indicators.lane'),
    t('indicators.released'),
    t('indicators.median'),
    t('indicators.p90'),
    t('indicators.target'),
    t('indicators.withinTarget'),
  ];
  const revenueHeaders = [
    t('dashboard.day'),
    t('indicators.files'),
    t('indicators.inspections'),
    t('indicators.revenue'),
  ];
  const within = (lane: (typeof laneNames)[number]): boolean | null => {
    const median = hours(total.releaseTime[lane].medianSeconds);
    return median === null || !targets ? null : median <= targets[lane];
  };
  const yesNo = (value: boolean | null) =>
    value === null ? t('app.none') : value ? t('app.yes') : t('app.no');
  const inspectionsOf = (group: (typeof days)[number]) =>
    selections.reduce((sum, selection) => sum + group.hitRate[selection].inspections, 0);

  return (
    <>
      <h2>{t('indicators.hitRateTitle')}</h2>
      <p className="hint">{t('indicators.hitRateHint')}</p>
      {hitConfig && <ChartCanvas config={hitConfig} label={t('indicators.hitRateCaption')} height={220} />}
      <div className="table-scroll">
        <table data-testid="hit-rates">
          <caption>{t('indicators.hitRateCaption')}</caption>
          <thead>
            <tr>
              {hitHeaders.map((header, index) => (
                <th scope="col" key={header} className={index > 0 ? 'number' : undefined}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {selections.map((selection) => (
              <tr key={selection}>
                <th scope="row">{t(`indicators.selection.${selection}`)}</th>
                <td className="number" data-testid={`${selection}-inspections`}>
                  {formats.number(total.hitRate[selection].inspections)}
                </td>
                <td className="number">{formats.number(total.hitRate[selection].hits)}</td>
                <td className="number">{rate(total.hitRate[selection].rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CsvButton
        fileName={`hit-rates-${office}-${from}-${to}.csv`}
        label={t('indicators.hitRateCaption')}
        rows={() => [
          hitHeaders,
          ...selections.map((selection) => [
            t(`indicators.selection.${selection}`),
            total.hitRate[selection].inspections,
            total.hitRate[selection].hits,
            total.hitRate[selection].rate,
          ]),
        ]}
      />

      <h2>{t('indicators.revenueTitle')}</h2>
      <p>
        {t('indicators.revenueTotal')}{' '}
        <strong data-testid="revenue-total">{formats.money(total.revenueRecovered)}</strong> ·{' '}
        {t('indicators.seizures')} {formats.number(total.seizures)}
      </p>
      {revenueConfig && (
        <ChartCanvas config={revenueConfig} label={t('indicators.revenueCaption')} height={220} />
      )}
      <div className="table-scroll">
        <table>
          <caption>{t('indicators.revenueCaption')}</caption>
          <thead>
            <tr>
              {revenueHeaders.map((header, index) => (
                <th scope="col" key={header} className={index > 0 ? 'number' : undefined}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.key.period ?? ''}>
                <th scope="row">{formats.date(day.key.period ?? '')}</th>
                <td className="number">{formats.number(day.files)}</td>
                <td className="number">{formats.number(inspectionsOf(day))}</td>
                <td className="number">{formats.money(day.revenueRecovered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CsvButton
        fileName={`revenue-${office}-${from}-${to}.csv`}
        label={t('indicators.revenueCaption')}
        rows={() => [
          revenueHeaders,
          ...days.map((day) => [day.key.period ?? '', day.files, inspectionsOf(day), day.revenueRecovered]),
        ]}
      />

      <h2>{t('indicators.releaseTitle')}</h2>
      {releaseConfig && (
        <ChartCanvas config={releaseConfig} label={t('indicators.releaseCaption')} height={240} />
      )}
      <div className="table-scroll">
        <table>
          <caption>{t('indicators.releaseCaption')}</caption>
          <thead>
            <tr>
              {releaseHeaders.map((header, index) => (
                <th scope="col" key={header} className={index > 0 ? 'number' : undefined}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {laneNames.map((lane) => {
              const release = total.releaseTime[lane];
              const median = hours(release.medianSeconds);
              const p90 = hours(release.p90Seconds);
              return (
                <tr key={lane}>
                  <th scope="row">{t(`lane.${lane}`)}</th>
                  <td className="number">{formats.number(release.released)}</td>
                  <td className="number">{median === null ? t('app.none') : formats.number(median, 1)}</td>
                  <td className="number">{p90 === null ? t('app.none') : formats.number(p90, 1)}</td>
                  <td className="number">{targets ? formats.number(targets[lane]) : t('app.none')}</td>
                  <td className="number">{yesNo(within(lane))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <CsvButton
        fileName={`release-times-${office}-${from}-${to}.csv`}
        label={t('indicators.releaseCaption')}
        rows={() => [
          releaseHeaders,
          ...laneNames.map((lane) => [
            t(`lane.${lane}`),
            total.releaseTime[lane].released,
            hours(total.releaseTime[lane].medianSeconds),
            hours(total.releaseTime[lane].p90Seconds),
            targets ? targets[lane] : null,
            yesNo(within(lane)),
          ]),
        ]}
      />
    </>
  );
}
