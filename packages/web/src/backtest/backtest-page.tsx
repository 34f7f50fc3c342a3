/**
 * The backtest of a candidate rule set: the analyst picks a saved version (and optionally a
 * period and an office), the server replays past files as a job, and the page polls it,
 * showing progress as a progress bar, then the report as charts with the same figures in a
 * table: lane shares in force against candidate, controls per office and day against capacity,
 * hit rate and revenue caught.
 */
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi, postApi, type Problem } from '../api/api-client.ts';
import { laneNames, type BacktestJob, type BacktestReport, type RuleSetSummary } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { ChartCanvas, laneColours } from '../ui/chart.tsx';
import { ProblemMessage } from '../ui/status.tsx';
import type { TFunction } from 'i18next';

const pollEveryMs = 500;

function LaneShares({ report, t }: { report: BacktestReport; t: TFunction }) {
  const config = useMemo((): ChartConfiguration => {
    const sets = [report.baseline, report.candidate].filter((set) => set !== null);
    return {
      type: 'bar',
      data: {
        labels: sets.map((set) =>
          set === report.candidate
            ? t('backtest.candidateLabel', { version: set.version })
            : t('backtest.baselineLabel', { version: set.version }),
        ),
        datasets: laneNames.map((lane) => ({
          label: t(`lane.${lane}`),
          backgroundColor: laneColours[lane],
          data: sets.map((set) => (report.files === 0 ? 0 : (set.lanes[lane] / report.files) * 100)),
        })),
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { stacked: true, max: 100, title: { display: true, text: t('backtest.share') } },
          y: { stacked: true },
        },
      },
    };
  }, [report, t]);
  return (
    <figure>
      <figcaption>{t('backtest.laneShares')}</figcaption>
      <ChartCanvas config={config} label={t('backtest.laneSharesText')} height={180} />
    </figure>
  );
}

function Workload({ report, t }: { report: BacktestReport; t: TFunction }) {
  return (
    <>
      {report.candidate.workload.map((office) => {
        const baseline = report.baseline?.workload.find((other) => other.office === office.office);
        const config: ChartConfiguration = {
          type: 'line',
          data: {
            labels: office.series.map((day) => day.day),
            datasets: [
              {
                label: t('backtest.candidateLabel', { version: report.candidate.version }),
                data: office.series.map((day) => day.controls),
                borderColor: laneColours.red,
                backgroundColor: laneColours.red,
              },
              ...(baseline && report.baseline
                ? [
                    {
                      label: t('backtest.baselineLabel', { version: report.baseline.version }),
                      data: baseline.series.map((day) => day.controls),
                      borderColor: laneColours.blue,
                      backgroundColor: laneColours.blue,
                    },
                  ]
                : []),
              {
                label: t('backtest.capacity'),
                data: office.series.map((day) => day.capacity),
                borderColor: '#1a1a1a',
                backgroundColor: '#1a1a1a',
                borderDash: [6, 4],
              },
            ],
          },
          options: {
            scales: { y: { beginAtZero: true, title: { display: true, text: t('backtest.controls') } } },
          },
        };
        return (
          <figure key={office.office}>
            <figcaption>{t('backtest.workloadOffice', { office: office.office })}</figcaption>
            <ChartCanvas config={config} label={t('backtest.workloadOffice', { office: office.office })} />
          </figure>
        );
      })}
    </>
  );
}

function Report({ report }: { readonly report: BacktestReport }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const sets = [report.baseline, report.candidate].filter((set) => set !== null);
  const ratio = (value: number | null) => (value === null ? t('app.none') : formats.percent(value));
  const rows: readonly [string, (set: (typeof sets)[number]) => string][] = [
    [t('backtest.selected'), (set) => formats.number(set.selected)],
    [t('backtest.hitRate'), (set) => ratio(set.hitRate)],
    [t('backtest.revenueCaught'), (set) => formats.money(set.revenueCaught)],
    [t('backtest.recall'), (set) => ratio(set.recall)],
    [t('backtest.revenueShare'), (set) => ratio(set.revenueShare)],
    [
      t('backtest.daysOver'),
      (set) => formats.number(set.workload.reduce((sum, office) => sum + office.daysOverCapacity, 0)),
    ],
    ...laneNames.map((lane): [string, (set: (typeof sets)[number]) => string] => [
      t(`lane.${lane}`),
      (set) =>
        `${formats.number(set.lanes[lane])} (${report.files === 0 ? t('app.none') : formats.percent(set.lanes[lane] / report.files)})`,
    ]),
  ];
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('backtest.report')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('backtest.files')}</dt>
          <dd data-testid="files">{formats.number(report.files)}</dd>
        </div>
        <div>
          <dt>{t('backtest.period')}</dt>
          <dd>
            {report.from && report.to
              ? `${formats.date(report.from)} – ${formats.date(report.to)}`
              : t('app.none')}
          </dd>
        </div>
        <div>
          <dt>{t('backtest.withOutcome')}</dt>
          <dd>
            {formats.number(report.withOutcome)} ({t('backtest.nonCompliant')}{' '}
            {formats.number(report.nonCompliant)})
          </dd>
        </div>
        <div>
          <dt>{t('backtest.newlySelected')}</dt>
          <dd>{report.newlySelected ? formats.number(report.newlySelected.count) : t('app.none')}</dd>
        </div>
        <div>
          <dt>{t('backtest.newlyReleased')}</dt>
          <dd>{report.newlyReleased ? formats.number(report.newlyReleased.count) : t('app.none')}</dd>
        </div>
      </dl>
      {!report.baseline && <p>{t('backtest.noBaseline')}</p>}
      <div className="charts">
        <LaneShares report={report} t={t} />
        <Workload report={report} t={t} />
      </div>
      <h3>{t('backtest.effectiveness')}</h3>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('backtest.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('backtest.measure')}</th>
              {sets.map((set) => (
                <th scope="col" className="number" key={set === report.candidate ? 'candidate' : 'baseline'}>
                  {set === report.candidate
                    ? t('backtest.candidateLabel', { version: set.version })
                    : t('backtest.baselineLabel', { version: set.version })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {sets.map((set) => (
                  <td className="number" key={set === report.candidate ? 'candidate' : 'baseline'}>
                    {value(set)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function BacktestPage({ query }: { readonly query: URLSearchParams }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const ruleSets = useApi<{ ruleSets: readonly RuleSetSummary[] }>('/api/rule-sets').loaded;
  const versions = ruleSets.state === 'done' && ruleSets.result.ok ? ruleSets.result.value.ruleSets : [];
  const [candidate, setCandidate] = useState(query.get('candidate') ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [job, setJob] = useState<BacktestJob | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const chosen = candidate !== '' ? candidate : String(versions[0]?.version ?? '');

  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return undefined;
    const timer = window.setTimeout(() => {
      void getApi<BacktestJob>(`/api/backtests/${job.id}`).then((next) => {
        if (next.ok) setJob(next.value);
        else setProblem(next.problem);
      });
    }, pollEveryMs);
    return () => {
      window.clearTimeout(timer);
    };
  }, [job]);

  const start = async (event: SyntheticEvent) => {
    event.preventDefault();
    setProblem(null);
    setJob(null);
    const started = await postApi<BacktestJob>('/api/backtests', {
      candidate: Number(chosen),
      ...(from === '' ? {} : { from: `${from}T00:00:00.000Z` }),
      ...(to === '' ? {} : { to: `${to}T23:59:59.999Z` }),
    });
    if (started.ok) setJob(started.value);
    else setProblem(started.problem);
  };

  const running = job !== null && (job.status === 'queued' || job.status === 'running');
  return (
    <section aria-labelledby="backtest-title">
      <h1 id="backtest-title">{t('backtest.title')}</h1>
      <p>{t('backtest.intro')}</p>
      <form className="filters" onSubmit={(event) => void start(event)}>
        <div className="field">
          <label htmlFor="backtest-candidate">{t('backtest.candidate')}</label>
          <select
            id="backtest-candidate"
            value={chosen}
            onChange={(event) => {
              setCandidate(event.target.value);
            }}
          >
            {versions.map((ruleSet) => (
              <option key={ruleSet.version} value={ruleSet.version}>
                v{ruleSet.version} · {ruleSet.name}
                {ruleSet.active ? ` (${t('ruleSets.active')})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="backtest-from">{t('backtest.from')}</label>
          <input
            id="backtest-from"
            type="date"
            value={from}
            onChange={(event) => {
              setFrom(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="backtest-to">{t('backtest.to')}</label>
          <input
            id="backtest-to"
            type="date"
            value={to}
            onChange={(event) => {
              setTo(event.target.value);
            }}
          />
        </div>
        <div className="filter-actions">
          <button type="submit" disabled={running || chosen === ''}>
            {t('backtest.start')}
          </button>
        </div>
      </form>
      {problem && <ProblemMessage problem={problem} />}
      {job && (
        <div className="field">
          <label htmlFor="backtest-progress">{t('backtest.progress')}</label>
          <progress id="backtest-progress" max={Math.max(job.progress.total, 1)} value={job.progress.done} />
          <p role="status">
            {job.status === 'queued'
              ? t('backtest.queued')
              : job.status === 'failed'
                ? t('backtest.failed')
                : t('backtest.progressText', {
                    done: formats.number(job.progress.done),
                    total: formats.number(job.progress.total),
                  })}
          </p>
        </div>
      )}
      {job?.report && <Report report={job.report} />}
    </section>
  );
}
