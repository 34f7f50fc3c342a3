/**
 * A file's page for the officer: its summary, lane with the reasons and score of the latest
 * assessment (and the lane in force when a supervisor re-routed it), the officer's steps
 * (officer-actions.tsx), items, duties and taxes, valuation indicators, B/L write-off, and the
 * timeline. Each part loads on its own, so a part the API cannot answer (no tariff loaded, say)
 * leaves the others readable; a step taken reloads the parts it changes. Reasons are shown to
 * officers only; traders never see this page.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  ClearanceView,
  DeclarationView,
  DeclarationWriteOff,
  FileEvent,
  Liquidation,
  StoredAssessment,
  Valuation,
} from '../api/api-types.ts';
import { useApi, useKept, type Loaded } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { LaneBadge } from '../ui/lane-badge.tsx';
import { Loading, ProblemMessage } from '../ui/status.tsx';
import type { ReactNode } from 'react';
import { OfficerActions } from './officer-actions.tsx';

/** Renders a loaded part: loading, its problem, or its content. */
function Part<T>({
  loaded,
  children,
  whenMissing,
}: {
  readonly loaded: Loaded<T>;
  readonly children: (value: T) => ReactNode;
  readonly whenMissing?: string;
}) {
  if (loaded.state === 'loading') return <Loading />;
  if (!loaded.result.ok) {
    if (whenMissing !== undefined && loaded.result.problem.status !== 0)
      return (
        <p>
          {whenMissing} <span className="hint">{loaded.result.problem.detail}</span>
        </p>
      );
    return <ProblemMessage problem={loaded.result.problem} />;
  }
  return <>{children(loaded.result.value)}</>;
}

function AssessmentPart({ assessment }: { readonly assessment: StoredAssessment }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const language = currentLanguage();
  const { hits } = assessment.assessment;
  return (
    <>
      <p className="lane-line">
        <LaneBadge lane={assessment.lane} />{' '}
        {t('file.laneIs', {
          lane: t(`lane.${assessment.lane}`),
          meaning: t(`laneMeaning.${assessment.lane}`),
        })}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('file.score')}</dt>
          <dd data-testid="score">{formats.number(assessment.score)}</dd>
        </div>
        <div>
          <dt>{t('file.selectedBy')}</dt>
          <dd>{t(`selectedBy.${assessment.assessment.selectedBy}`)}</dd>
        </div>
        <div>
          <dt>{t('file.assessedAt')}</dt>
          <dd>
            {formats.dateTime(assessment.assessedAt)} ·{' '}
            {t('file.ruleSetVersion', { version: assessment.ruleSetVersion })}
          </dd>
        </div>
      </dl>
      {assessment.assessment.random && <p className="flag">{t('file.random')}</p>}
      {assessment.assessment.topUp && <p className="flag">{t('file.topUp')}</p>}
      {hits.length === 0 ? (
        <p>{t('file.noHits')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t('file.hitsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('file.criterion')}</th>
                <th scope="col">{t('file.reason')}</th>
                <th scope="col">{t('ruleSet.effect')}</th>
                <th scope="col" className="number">
                  {t('file.weight')}
                </th>
                <th scope="col">{t('file.selected')}</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((hit) => (
                <tr key={hit.criterionId}>
                  <th scope="row">
                    {hit.name} <span className="hint">({hit.criterionId})</span>
                  </th>
                  <td lang={language}>{hit.reason[language]}</td>
                  <td>
                    <LaneBadge lane={hit.lane} /> {formats.number(hit.percentage)}
                    {'\u00a0%'}
                  </td>
                  <td className="number">{formats.number(hit.weight)}</td>
                  <td>{hit.selected ? t('app.yes') : t('app.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function eventLabel(t: TFunction, type: string): string {
  const label = t(`event.${type}`, { defaultValue: '' });
  return label === '' ? t('event.other', { type }) : label;
}

export function DeclarationPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const language = currentLanguage();
  const viewApi = useApi<DeclarationView>(`/api/declarations/${id}`);
  const assessmentApi = useApi<StoredAssessment>(`/api/declarations/${id}/assessment`);
  const clearanceApi = useApi<ClearanceView>(`/api/declarations/${id}/clearance`);
  const eventsApi = useApi<{ events: readonly FileEvent[] }>(`/api/declarations/${id}/events`);
  const view = viewApi.loaded;
  const assessment = assessmentApi.loaded;
  const clearance = clearanceApi.loaded;
  const events = eventsApi.loaded;
  // A step changes the status, the lane in force and the timeline: those parts read again.
  const onStepTaken = () => {
    viewApi.reload();
    assessmentApi.reload();
    clearanceApi.reload();
    eventsApi.reload();
  };
  const liquidation = useApi<Liquidation>(`/api/declarations/${id}/liquidation`).loaded;
  const valuation = useApi<Valuation>(`/api/declarations/${id}/valuation`).loaded;
  const writeOff = useApi<DeclarationWriteOff>(`/api/declarations/${id}/write-off`).loaded;

  // Only the first load replaces the page; a reload after a step keeps it on screen.
  const shown = useKept(view);
  const clearanceNow = useKept(clearance);
  if (shown === null) {
    if (view.state === 'loading' || view.result.ok) return <Loading />;
    return <ProblemMessage problem={view.result.problem} />;
  }
  const file = shown;
  const rerouted =
    clearanceNow !== null && clearanceNow.clearance.reroutes.length > 0 ? clearanceNow.clearance : null;
  const declaration = file.document;
  const currency = declaration.invoice.currency;

  return (
    <article aria-labelledby="file-title" className="file">
      <p>
        <a href="#/worklist">← {t('file.back')}</a>
      </p>
      <h1 id="file-title">{t('file.title', { reference: file.reference })}</h1>

      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{t('file.summary')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('file.office')}</dt>
            <dd>{declaration.office}</dd>
          </div>
          <div>
            <dt>{t('file.importer')}</dt>
            <dd>
              {declaration.importer.name} ({declaration.importer.taxId})
            </dd>
          </div>
          <div>
            <dt>{t('file.declarant')}</dt>
            <dd>
              {declaration.declarant.name} ({declaration.declarant.code})
            </dd>
          </div>
          <div>
            <dt>{t('file.procedure')}</dt>
            <dd>{declaration.procedure}</dd>
          </div>
          <div>
            <dt>{t('file.status')}</dt>
            <dd data-testid="file-status">{t(`status.${file.status}`, { defaultValue: file.status })}</dd>
          </div>
          <div>
            <dt>{t('file.version')}</dt>
            <dd>{file.version}</dd>
          </div>
          <div>
            <dt>{t('file.lodgedAt')}</dt>
            <dd>{formats.dateTime(file.lodgedAt)}</dd>
          </div>
          <div>
            <dt>{t('file.bills')}</dt>
            <dd>{(declaration.billsOfLading ?? []).join(', ') || t('app.none')}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="lane-title" className="lane-section">
        <h2 id="lane-title">{t('file.lane')}</h2>
        {rerouted && (
          <p className="lane-line" data-testid="lane-in-force">
            <LaneBadge lane={rerouted.lane} />{' '}
            {t('file.laneInForce', { lane: t(`lane.${rerouted.lane ?? 'green'}`) })}
          </p>
        )}
        <Part loaded={assessment} whenMissing={t('file.notAssessed')}>
          {(value) => <AssessmentPart assessment={value} />}
        </Part>
      </section>

      {clearanceNow ? (
        <OfficerActions id={id} clearance={clearanceNow} onStepTaken={onStepTaken} />
      ) : (
        <Part loaded={clearance}>{() => null}</Part>
      )}

      <section aria-labelledby="items-title">
        <h2 id="items-title">{t('file.items')}</h2>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('file.itemsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('file.itemNumber')}</th>
                <th scope="col">{t('file.tariffLine')}</th>
                <th scope="col">{t('file.description')}</th>
                <th scope="col">{t('file.origin')}</th>
                <th scope="col" className="number">
                  {t('file.customsValue')}
                </th>
                <th scope="col" className="number">
                  {t('file.netMass')}
                </th>
                <th scope="col" className="number">
                  {t('file.quantity')}
                </th>
              </tr>
            </thead>
            <tbody>
              {declaration.items.map((item, index) => (
                <tr key={index}>
                  <th scope="row">{index + 1}</th>
                  <td>{item.tariffLine}</td>
                  <td>{item.description}</td>
                  <td>{item.origin}</td>
                  <td className="number">{formats.money(item.customsValue, currency)}</td>
                  <td className="number">{t('file.kg', { value: formats.number(item.netMass) })}</td>
                  <td className="number">
                    {item.supplementaryQuantity === undefined
                      ? t('app.none')
                      : `${formats.number(item.supplementaryQuantity)} ${item.supplementaryUnit ?? ''}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="taxes-title">
        <h2 id="taxes-title">{t('file.taxes')}</h2>
        <Part loaded={liquidation} whenMissing={t('file.noTaxes')}>
          {(value) => (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('file.taxesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('file.itemNumber')}</th>
                    <th scope="col">{t('file.tax')}</th>
                    <th scope="col" className="number">
                      {t('file.base')}
                    </th>
                    <th scope="col" className="number">
                      {t('file.rate')}
                    </th>
                    <th scope="col" className="number">
                      {t('file.amount')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {value.items.flatMap((item) =>
                    item.taxes.map((tax) => (
                      <tr key={`${item.itemNumber}-${tax.code}`}>
                        <td>{item.itemNumber}</td>
                        <th scope="row" lang={language}>
                          {tax.name[language]} ({tax.code})
                        </th>
                        <td className="number">{formats.money(tax.base, value.currency)}</td>
                        <td className="number">{formats.number(tax.rate)} %</td>
                        <td className="number">{formats.money(tax.amount, value.currency)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={4}>
                      {t('file.totalTaxes')}
                    </th>
                    <td className="number" data-testid="taxes-total">
                      {formats.money(value.total, value.currency)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </Part>
      </section>

      <section aria-labelledby="valuation-title">
        <h2 id="valuation-title">{t('file.valuation')}</h2>
        <p className="hint">{t('file.valuationNote')}</p>
        <Part loaded={valuation} whenMissing={t('file.noValuation')}>
          {(value) => (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('file.valuationCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('file.itemNumber')}</th>
                    <th scope="col">{t('file.tariffLine')}</th>
                    <th scope="col" className="number">
                      {t('file.unitValue')}
                    </th>
                    <th scope="col">{t('file.band')}</th>
                    <th scope="col">{t('file.flagged')}</th>
                    <th scope="col">{t('file.decisions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {value.items.map((item) => (
                    <tr key={item.itemNumber}>
                      <th scope="row">{item.itemNumber}</th>
                      <td>
                        {item.tariffLine} · {item.origin}
                      </td>
                      <td className="number">
                        {formats.money(item.indicator.unitValue)} / {item.indicator.unit}
                      </td>
                      <td>
                        {item.indicator.band
                          ? `${formats.money(item.indicator.band.p10)} – ${formats.money(item.indicator.band.median)} – ${formats.money(item.indicator.band.p90)}`
                          : t('file.noBand')}
                      </td>
                      <td>{item.indicator.flagged ? <strong>{t('app.yes')}</strong> : t('app.no')}</td>
                      <td>
                        {item.decisions.map((decision) => decision.decision).join(', ') || t('app.none')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Part>
      </section>

      <section aria-labelledby="write-off-title">
        <h2 id="write-off-title">{t('file.writeOff')}</h2>
        <Part loaded={writeOff} whenMissing={t('file.noWriteOff')}>
          {(value) =>
            value.bills.length === 0 ? (
              <p>{t('file.noWriteOff')}</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">{t('file.writeOffCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('file.bill')}</th>
                      <th scope="col">{t('file.status')}</th>
                      <th scope="col" className="number">
                        {t('file.manifested')}
                      </th>
                      <th scope="col" className="number">
                        {t('file.writtenOff')}
                      </th>
                      <th scope="col" className="number">
                        {t('file.remaining')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {value.bills.map((bill) => (
                      <tr key={bill.billNumber}>
                        <th scope="row">{bill.billNumber}</th>
                        <td>
                          {t(`writeOffStatus.${bill.ledger.status}`, { defaultValue: bill.ledger.status })}
                        </td>
                        <td className="number">
                          {bill.ledger.manifested
                            ? t('file.packages', { count: bill.ledger.manifested.packages })
                            : t('app.none')}
                        </td>
                        <td className="number">
                          {t('file.packages', { count: bill.ledger.writtenOff.packages })}
                        </td>
                        <td className="number">
                          {bill.ledger.remaining
                            ? t('file.packages', { count: bill.ledger.remaining.packages })
                            : t('app.none')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Part>
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('file.timeline')}</h2>
        <Part loaded={events}>
          {(value) =>
            value.events.length === 0 ? (
              <p>{t('file.noEvents')}</p>
            ) : (
              <ol className="timeline">
                {value.events.map((event, index) => (
                  <li key={index}>
                    <time dateTime={event.occurredAt}>{formats.dateTime(event.occurredAt)}</time>{' '}
                    <span>{eventLabel(t, event.type)}</span>
                  </li>
                ))}
              </ol>
            )
          }
        </Part>
      </section>
    </article>
  );
}
