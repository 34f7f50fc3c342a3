/**
 * The inspector's phone screen (#/inspection): the office's controls of the day, from its plan,
 * and the result form (outcome, discrepancies, corrected item values, photos from the camera).
 * It works where the network comes and goes: the plan and the files' items are kept on the
 * phone once read, and a result is first stored in the outbox (outbox.ts), then sent when the
 * network is there, on the `online` event, on each load and every half minute.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi, queryString, type Problem } from '../api/api-client.ts';
import type { DayPlan, DeclarationView, Office, PlannedControl } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { useFormats } from '../i18n/format.ts';
import { LaneBadge } from '../ui/lane-badge.tsx';
import { Loading, ProblemMessage } from '../ui/status.tsx';
import { clearSent, enqueueResult, flushOutbox, readOutbox, type OutboxEntry } from './outbox.ts';
import { ResultForm, type FileItem } from './result-form.tsx';

/** What the phone keeps of a day: the plan and each planned file's reference and items. */
interface KeptDay {
  readonly plan: DayPlan;
  readonly files: Readonly<
    Record<string, { readonly reference: string; readonly items: readonly FileItem[] }>
  >;
  readonly readAt: string;
}

const keptKey = (office: string, day: string) => `anticipa.inspection.${office}.${day}`;
const inspectorKey = 'anticipa.inspection.inspector';

function readKept(office: string, day: string): KeptDay | null {
  try {
    const text = window.localStorage.getItem(keptKey(office, day));
    return text === null ? null : (JSON.parse(text) as KeptDay);
  } catch {
    return null;
  }
}

function keep(office: string, day: string, kept: KeptDay): void {
  try {
    window.localStorage.setItem(keptKey(office, day), JSON.stringify(kept));
  } catch {
    // Storage full or refused: the screen still works while the page stays open.
  }
}

/** Reads the plan and its files from the server, else what the phone kept. */
async function loadDay(
  office: string,
  day: string,
): Promise<{ kept: KeptDay; fresh: boolean } | { problem: Problem }> {
  const plan = await getApi<DayPlan>(`/api/offices/${office}/plan${queryString({ day })}`);
  if (!plan.ok) {
    const kept = readKept(office, day);
    return kept ? { kept, fresh: false } : { problem: plan.problem };
  }
  const files: Record<string, { reference: string; items: FileItem[] }> = {};
  const views = await Promise.all(
    plan.value.controls.map((control) =>
      getApi<DeclarationView>(`/api/declarations/${control.declarationId}`),
    ),
  );
  for (const view of views) {
    if (!view.ok) continue;
    files[view.value.id] = {
      reference: view.value.reference,
      items: view.value.document.items.map((item) => ({
        tariffLine: item.tariffLine,
        description: item.description,
        customsValue: item.customsValue,
      })),
    };
  }
  const kept: KeptDay = { plan: plan.value, files, readAt: new Date().toISOString() };
  keep(office, day, kept);
  return { kept, fresh: true };
}

/** Whether the browser thinks it is online, following its events. */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => {
      setOnline(true);
    };
    const off = () => {
      setOnline(false);
    };
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** The outbox's entries, sent on load, when the network returns and every 30 seconds. */
function useOutbox() {
  const [entries, setEntries] = useState<readonly OutboxEntry[] | null>(null);
  const [sending, setSending] = useState(false);
  const refresh = useCallback(async () => {
    try {
      setEntries(await readOutbox());
    } catch {
      setEntries([]);
    }
  }, []);
  const flush = useCallback(async () => {
    setSending(true);
    await flushOutbox();
    setSending(false);
    await refresh();
  }, [refresh]);
  useEffect(() => {
    void refresh().then(flush);
    const onOnline = () => {
      void flush();
    };
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(() => {
      if (navigator.onLine) void flush();
    }, 30_000);
    return () => {
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
  }, [refresh, flush]);
  return { entries, sending, refresh, flush };
}

export function InspectionPage({ query }: { readonly query: URLSearchParams }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const online = useOnline();
  const outbox = useOutbox();
  const offices = useApi<{ items: readonly Office[] }>('/api/offices').loaded;
  const officeList = offices.state === 'done' && offices.result.ok ? offices.result.value.items : [];
  const [office, setOffice] = useState(query.get('office') ?? '');
  const [day, setDay] = useState(query.get('day') ?? new Date().toISOString().slice(0, 10));
  const [inspector, setInspector] = useState(() => {
    try {
      return window.localStorage.getItem(inspectorKey) ?? '';
    } catch {
      return '';
    }
  });
  const [loaded, setLoaded] = useState<{ kept: KeptDay; fresh: boolean } | { problem: Problem } | null>(null);
  const [round, setRound] = useState(0);
  const [open, setOpen] = useState<PlannedControl | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const chosen = office !== '' ? office : (officeList[0]?.code ?? '');

  useEffect(() => {
    if (chosen === '') return undefined;
    let live = true;
    setLoaded(null);
    void loadDay(chosen, day).then((answer) => {
      if (live) setLoaded(answer);
    });
    return () => {
      live = false;
    };
  }, [chosen, day, round]);

  const byFile = useMemo(() => {
    const map = new Map<string, OutboxEntry>();
    for (const entry of outbox.entries ?? []) map.set(entry.declarationId, entry);
    return map;
  }, [outbox.entries]);

  const kept = loaded && 'kept' in loaded ? loaded.kept : null;
  const inspectors = [
    ...new Set(kept?.plan.controls.flatMap((control) => (control.inspectorId ? [control.inspectorId] : []))),
  ].sort();
  const controls =
    kept?.plan.controls.filter((control) => inspector === '' || control.inspectorId === inspector) ?? [];
  const counts = { pending: 0, sent: 0, refused: 0 };
  for (const entry of outbox.entries ?? []) counts[entry.state] += 1;

  if (open && kept) {
    const file = kept.files[open.declarationId];
    return (
      <section aria-labelledby="result-title" className="phone">
        <ResultForm
          control={open}
          reference={file?.reference ?? open.declarationId}
          items={file?.items ?? []}
          inspector={inspector !== '' ? inspector : (open.inspectorId ?? '')}
          onCancel={() => {
            setOpen(null);
          }}
          onSubmit={async (body) => {
            await enqueueResult({
              declarationId: open.declarationId,
              reference: file?.reference ?? open.declarationId,
              body,
              queuedAt: new Date().toISOString(),
            });
            setSaved(file?.reference ?? open.declarationId);
            setOpen(null);
            await outbox.refresh();
            if (navigator.onLine) await outbox.flush();
          }}
        />
      </section>
    );
  }

  return (
    <section aria-labelledby="inspection-title" className="phone">
      <h1 id="inspection-title">{t('inspection.title')}</h1>
      <p className={online ? 'notice' : 'notice offline'} role="status" data-testid="connection">
        {online ? t('inspection.online') : t('inspection.offline')}
      </p>
      {saved && (
        <p className="notice" role="status">
          {t('inspection.saved', { reference: saved })}
        </p>
      )}
      <div className="filters">
        <div className="field">
          <label htmlFor="inspection-office">{t('inspection.office')}</label>
          <select
            id="inspection-office"
            value={chosen}
            onChange={(event) => {
              setOffice(event.target.value);
            }}
          >
            {officeList.length === 0 && chosen !== '' && <option value={chosen}>{chosen}</option>}
            {officeList.map((item) => (
              <option key={item.code} value={item.code}>
                {item.code} · {item.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inspection-day">{t('inspection.day')}</label>
          <input
            id="inspection-day"
            type="date"
            value={day}
            onChange={(event) => {
              if (event.target.value !== '') setDay(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="inspection-inspector">{t('inspection.inspector')}</label>
          <select
            id="inspection-inspector"
            value={inspector}
            onChange={(event) => {
              setInspector(event.target.value);
              try {
                window.localStorage.setItem(inspectorKey, event.target.value);
              } catch {
                // Not kept: the choice holds while the page is open.
              }
            }}
          >
            <option value="">{t('inspection.allInspectors')}</option>
            {[...new Set([...inspectors, ...(inspector === '' ? [] : [inspector])])].map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
      </div>

      <section aria-labelledby="outbox-title" className="outbox">
        <h2 id="outbox-title">{t('inspection.outbox')}</h2>
        <p data-testid="outbox-summary">
          {t('inspection.outboxSummary', {
            pending: counts.pending,
            sent: counts.sent,
            refused: counts.refused,
          })}
        </p>
        {(outbox.entries ?? []).length > 0 && (
          <ul className="outbox-list">
            {(outbox.entries ?? []).map((entry) => (
              <li key={entry.resultId} data-state={entry.state}>
                <strong>{entry.reference}</strong> · {t(`inspection.state.${entry.state}`)}
                {entry.sentAt && <> · {formats.dateTime(entry.sentAt)}</>}
                {entry.problem && <span className="field-error"> {entry.problem.detail}</span>}
              </li>
            ))}
          </ul>
        )}
        <div className="actions">
          <button
            type="button"
            disabled={outbox.sending || counts.pending === 0}
            onClick={() => {
              void outbox.flush();
            }}
          >
            {outbox.sending ? t('inspection.sending') : t('inspection.sendNow')}
          </button>
          {counts.sent > 0 && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                void clearSent().then(outbox.refresh);
              }}
            >
              {t('inspection.clearSent')}
            </button>
          )}
        </div>
      </section>

      <h2>{t('inspection.controls')}</h2>
      {loaded === null && <Loading />}
      {loaded && 'problem' in loaded && (
        <ProblemMessage
          problem={loaded.problem}
          onRetry={() => {
            setRound((n) => n + 1);
          }}
        />
      )}
      {loaded && 'kept' in loaded && !loaded.fresh && (
        <p className="notice">{t('inspection.keptPlan', { at: formats.dateTime(loaded.kept.readAt) })}</p>
      )}
      {kept && controls.length === 0 && <p>{t('inspection.noControls')}</p>}
      {kept && controls.length > 0 && (
        <ul className="control-list">
          {controls.map((control) => {
            const file = kept.files[control.declarationId];
            const entry = byFile.get(control.declarationId);
            return (
              <li key={control.declarationId} className="control-card">
                <div className="control-head">
                  <strong>{file?.reference ?? control.declarationId}</strong>
                  <LaneBadge lane={control.lane} />
                </div>
                <p>
                  {t(`inspection.method.${control.method}`)} · {formats.dateTime(control.at)}
                  <br />
                  {t('inspection.importer')} {control.importer}
                  {control.inspectorId && (
                    <>
                      {' '}
                      · {t('inspection.inspector')} {control.inspectorId}
                    </>
                  )}
                </p>
                {entry && entry.state !== 'refused' ? (
                  <p className="flag">{t(`inspection.state.${entry.state}`)}</p>
                ) : (
                  <button
                    type="button"
                    onClick={() => {
                      setSaved(null);
                      setOpen(control);
                    }}
                  >
                    {t('inspection.record', { reference: file?.reference ?? '' })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
