/**
 * Write-off ageing on the national dashboard (GET /api/write-off/ageing): the B/Ls not fully
 * written off N days after their ship arrived, goods that may have left without paying. Per
 * office, a chart of those B/Ls by age band and a table with the same figures, the packages and
 * mass left and the duties at stake; then the chosen office's B/Ls one by one. Duties at stake
 * are ESTIMATES (remaining mass × reference value × tax rate) and are labelled so; an unknown
 * estimate says why, never shows 0. Each table exports as CSV.
 */
import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryString } from '../api/api-client.ts';
import type { AgeingReport } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { ChartCanvas } from '../ui/chart.tsx';
import { CsvButton } from '../ui/csv.tsx';
import { Loading, ProblemMessage } from '../ui/status.tsx';
import { ageBands, countByBand, type AgeBand } from './age-bands.ts';

const thresholds = [7, 21, 30, 60, 90] as const;
/** From the least to the most overdue; each at least 3:1 against white (WCAG 1.4.11). */
const bandColours = ['#a16800', '#c2410c', '#b3261e', '#6b1d1d'] as const;

export function WriteOffAgeing({ office }: { readonly office: string }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const [days, setDays] = useState<number>(21);
  const { loaded } = useApi<AgeingReport>(`/api/write-off/ageing${queryString({ days, groupBy: 'office' })}`);
  const report = loaded.state === 'done' && loaded.result.ok ? loaded.result.value : null;
  const bands = useMemo(() => ageBands(days), [days]);
  const bandLabel = (band: AgeBand): string =>
    band.to === null
      ? t('ageing.bandFrom', { from: band.from })
      : t('ageing.band', { from: band.from, to: band.to - 1 });

  const config = useMemo((): ChartConfiguration | null => {
    if (!report || report.groups.length === 0) return null;
    return {
      type: 'bar',
      data: {
        labels: report.groups.map((group) => group.key),
        datasets: bands.map((band, index) => ({
          label: bandLabel(band),
          backgroundColor: bandColours[Math.min(index, bandColours.length - 1)],
          data: report.groups.map((group) => countByBand(group.lines, [band])[0] ?? 0),
        })),
      },
      options: {
        scales: {
          x: { stacked: true },
          y: {
            stacked: true,
            min: 0,
            ticks: { precision: 0 },
            title: { display: true, text: t('ageing.bills') },
          },
        },
      },
    };
  }, [report, bands, t]);

  const estimate = (amount: string | null): string =>
    amount === null ? t('ageing.noEstimate') : formats.money(amount, report?.currency);
  const officeHeaders = [
    t('ageing.office'),
    t('ageing.bills'),
    ...bands.map(bandLabel),
    t('ageing.remainingPackages'),
    t('ageing.remainingMass'),
    t('ageing.dutiesAtStake'),
    t('ageing.unestimated'),
  ];
  const lineHeaders = [
    t('ageing.bill'),
    t('ageing.manifest'),
    t('ageing.consignee'),
    t('ageing.arrivedAt'),
    t('ageing.daysSinceArrival'),
    t('ageing.remainingPackages'),
    t('ageing.dutiesAtStake'),
  ];
  const chosen = report?.groups.find((group) => group.key === office);

  return (
    <section aria-labelledby="ageing-title">
      <h2 id="ageing-title">{t('ageing.title')}</h2>
      <p className="hint">{t('ageing.intro')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="ageing-days">{t('ageing.threshold')}</label>
          <select
            id="ageing-days"
            value={days}
            onChange={(event) => {
              setDays(Number(event.target.value));
            }}
          >
            {thresholds.map((count) => (
              <option key={count} value={count}>
                {t('ageing.daysAfterArrival', { count })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {loaded.state === 'loading' && <Loading />}
      {loaded.state === 'done' && !loaded.result.ok && <ProblemMessage problem={loaded.result.problem} />}
      {report && report.groups.length === 0 && <p>{t('ageing.none', { count: days })}</p>}
      {report && report.groups.length > 0 && (
        <>
          {config && <ChartCanvas config={config} label={t('ageing.chartLabel', { count: days })} />}
          <div className="table-scroll">
            <table data-testid="ageing-offices">
              <caption>{t('ageing.officesCaption', { count: days })}</caption>
              <thead>
                <tr>
                  {officeHeaders.map((header, index) => (
                    <th scope="col" key={header} className={index > 0 ? 'number' : undefined}>
                      {header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.groups.map((group) => (
                  <tr key={group.key}>
                    <th scope="row">
                      {group.key} · {group.label}
                    </th>
                    <td className="number">{formats.number(group.bills)}</td>
                    {countByBand(group.lines, bands).map((count, index) => (
                      <td className="number" key={index}>
                        {formats.number(count)}
                      </td>
                    ))}
                    <td className="number">{formats.number(group.remainingPackages)}</td>
                    <td className="number">
                      {t('file.kg', { value: formats.number(group.remainingGrossMass) })}
                    </td>
                    <td className="number">{estimate(group.dutiesAtStake)}</td>
                    <td className="number">{formats.number(group.unestimatedBills)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('ageing.allOffices')}</th>
                  <td className="number">{formats.number(report.totals.bills)}</td>
                  {countByBand(
                    report.groups.flatMap((group) => group.lines),
                    bands,
                  ).map((count, index) => (
                    <td className="number" key={index}>
                      {formats.number(count)}
                    </td>
                  ))}
                  <td className="number">{formats.number(report.totals.remainingPackages)}</td>
                  <td className="number">
                    {t('file.kg', { value: formats.number(report.totals.remainingGrossMass) })}
                  </td>
                  <td className="number">{estimate(report.totals.dutiesAtStake)}</td>
                  <td className="number">{formats.number(report.totals.unestimatedBills)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="hint">{t('ageing.estimateNote')}</p>
          <CsvButton
            fileName={`write-off-ageing-${days}d-${report.asOf.slice(0, 10)}.csv`}
            label={t('ageing.officesCaption', { count: days })}
            rows={() => [
              officeHeaders,
              ...report.groups.map((group) => [
                group.key,
                group.bills,
                ...countByBand(group.lines, bands),
                group.remainingPackages,
                group.remainingGrossMass,
                group.dutiesAtStake,
                group.unestimatedBills,
              ]),
            ]}
          />
          <h3>{t('ageing.officeBills', { office })}</h3>
          {!chosen ? (
            <p>{t('ageing.noneAtOffice', { office, count: days })}</p>
          ) : (
            <>
              <div className="table-scroll">
                <table data-testid="ageing-bills">
                  <caption className="visually-hidden">{t('ageing.officeBills', { office })}</caption>
                  <thead>
                    <tr>
                      {lineHeaders.map((header, index) => (
                        <th scope="col" key={header} className={index > 3 ? 'number' : undefined}>
                          {header}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {chosen.lines.map((line) => (
                      <tr key={`${line.manifestReference}-${line.bill.billNumber}`}>
                        <th scope="row">{line.bill.billNumber}</th>
                        <td>{line.manifestReference}</td>
                        <td>{line.consignee.name}</td>
                        <td>{formats.date(line.arrivedAt)}</td>
                        <td className="number">{formats.number(line.daysSinceArrival)}</td>
                        <td className="number">{formats.number(line.bill.remaining?.packages ?? 0)}</td>
                        <td className="number">
                          {line.estimate.dutiesAtStake === null
                            ? t(`ageing.gap.${line.estimate.gap ?? 'none'}`, {
                                defaultValue: t('ageing.noEstimate'),
                              })
                            : formats.money(line.estimate.dutiesAtStake, report.currency)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <CsvButton
                fileName={`write-off-ageing-${office}-${days}d-${report.asOf.slice(0, 10)}.csv`}
                label={t('ageing.officeBills', { office })}
                rows={() => [
                  lineHeaders,
                  ...chosen.lines.map((line) => [
                    line.bill.billNumber,
                    line.manifestReference,
                    line.consignee.name,
                    line.arrivedAt.slice(0, 10),
                    line.daysSinceArrival,
                    line.bill.remaining?.packages ?? 0,
                    line.estimate.dutiesAtStake,
                  ]),
                ]}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
