/**
 * The result form of one control, sized for a phone: outcome, discrepancies (kind, item,
 * description), corrected values of the items (customs value, tariff line: the server
 * re-assesses the taxes from them), notes and photos taken with the camera. It checks what the
 * server would refuse (a non-compliant result without a discrepancy, or the reverse) before the
 * result goes into the outbox, since the server's answer may come much later.
 */
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  discrepancyKinds,
  type DiscrepancyKind,
  type InspectionResultInput,
  type PlannedControl,
} from '../api/api-types.ts';
import { LaneBadge } from '../ui/lane-badge.tsx';
import { photoOf, type Photo } from './photo.ts';

export interface FileItem {
  readonly tariffLine: string;
  readonly description: string;
  readonly customsValue: string;
}

interface DiscrepancyDraft {
  readonly kind: DiscrepancyKind;
  readonly item: string;
  readonly description: string;
}

const blankDiscrepancy: DiscrepancyDraft = { kind: 'value', item: '', description: '' };

export function ResultForm({
  control,
  reference,
  items,
  inspector,
  onCancel,
  onSubmit,
}: {
  readonly control: PlannedControl;
  readonly reference: string;
  readonly items: readonly FileItem[];
  readonly inspector: string;
  readonly onCancel: () => void;
  readonly onSubmit: (body: InspectionResultInput) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<'compliant' | 'non_compliant' | ''>('');
  const [discrepancies, setDiscrepancies] = useState<readonly DiscrepancyDraft[]>([]);
  const [corrected, setCorrected] = useState<
    Readonly<Record<number, { customsValue: string; tariffLine: string }>>
  >({});
  const [notes, setNotes] = useState('');
  const [photos, setPhotos] = useState<readonly Photo[]>([]);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [saving, setSaving] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const problems: string[] = [];
    if (outcome === '') problems.push(t('result.outcomeMissing'));
    const listed = discrepancies.filter((entry) => entry.description.trim() !== '');
    if (outcome === 'non_compliant' && listed.length === 0) problems.push(t('result.discrepancyMissing'));
    if (inspector.trim() === '') problems.push(t('result.inspectorMissing'));
    setErrors(problems);
    if (problems.length > 0 || outcome === '') return;
    const correctedItems = Object.entries(corrected).flatMap(([index, values]) => {
      const customsValue = values.customsValue.trim();
      const tariffLine = values.tariffLine.trim();
      if (customsValue === '' && tariffLine === '') return [];
      return [
        {
          item: Number(index) + 1,
          ...(customsValue === '' ? {} : { customsValue }),
          ...(tariffLine === '' ? {} : { tariffLine }),
        },
      ];
    });
    const body: InspectionResultInput = {
      resultId: crypto.randomUUID(),
      outcome,
      inspector: inspector.trim(),
      method: control.method,
      finishedAt: new Date().toISOString(),
      ...(outcome === 'non_compliant'
        ? {
            discrepancies: listed.map((entry) => ({
              kind: entry.kind,
              description: entry.description.trim(),
              ...(entry.item === '' ? {} : { item: Number(entry.item) }),
            })),
            ...(correctedItems.length > 0 ? { correctedItems } : {}),
          }
        : {}),
      ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
      ...(photos.length > 0 ? { photos } : {}),
    };
    setSaving(true);
    try {
      await onSubmit(body);
    } catch {
      setErrors([t('result.notKept')]);
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={(event) => {
        void submit(event);
      }}
      noValidate
    >
      <h1 id="result-title">{t('result.title', { reference })}</h1>
      <p>
        <LaneBadge lane={control.lane} /> {t(`inspection.method.${control.method}`)} ·{' '}
        {t('inspection.importer')} {control.importer}
      </p>
      {errors.length > 0 && (
        <div className="problem" role="alert">
          <ul>
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </div>
      )}
      <fieldset>
        <legend>{t('result.outcome')}</legend>
        {(['compliant', 'non_compliant'] as const).map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="outcome"
              value={value}
              checked={outcome === value}
              onChange={() => {
                setOutcome(value);
                if (value === 'non_compliant' && discrepancies.length === 0)
                  setDiscrepancies([blankDiscrepancy]);
              }}
            />{' '}
            {t(`result.${value}`)}
          </label>
        ))}
      </fieldset>

      {outcome === 'non_compliant' && (
        <>
          <fieldset>
            <legend>{t('result.discrepancies')}</legend>
            {discrepancies.map((entry, index) => {
              const change = (patch: Partial<DiscrepancyDraft>) => {
                setDiscrepancies((list) =>
                  list.map((old, at) => (at === index ? { ...old, ...patch } : old)),
                );
              };
              const n = index + 1;
              return (
                <div key={index} className="discrepancy">
                  <div className="field">
                    <label htmlFor={`kind-${n}`}>{t('result.kind', { n })}</label>
                    <select
                      id={`kind-${n}`}
                      value={entry.kind}
                      onChange={(event) => {
                        change({ kind: event.target.value as DiscrepancyKind });
                      }}
                    >
                      {discrepancyKinds.map((kind) => (
                        <option key={kind} value={kind}>
                          {t(`result.kinds.${kind}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`item-${n}`}>{t('result.item', { n })}</label>
                    <select
                      id={`item-${n}`}
                      value={entry.item}
                      onChange={(event) => {
                        change({ item: event.target.value });
                      }}
                    >
                      <option value="">{t('result.wholeFile')}</option>
                      {items.map((item, at) => (
                        <option key={at} value={String(at + 1)}>
                          {at + 1} · {item.tariffLine} · {item.description}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`description-${n}`}>{t('result.description', { n })}</label>
                    <textarea
                      id={`description-${n}`}
                      rows={2}
                      value={entry.description}
                      onChange={(event) => {
                        change({ description: event.target.value });
                      }}
                    />
                  </div>
                  {discrepancies.length > 1 && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setDiscrepancies((list) => list.filter((_, at) => at !== index));
                      }}
                    >
                      {t('result.removeDiscrepancy', { n })}
                    </button>
                  )}
                </div>
              );
            })}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDiscrepancies((list) => [...list, blankDiscrepancy]);
              }}
            >
              {t('result.addDiscrepancy')}
            </button>
          </fieldset>

          {items.length > 0 && (
            <fieldset>
              <legend>{t('result.corrected')}</legend>
              <p className="hint">{t('result.correctedHint')}</p>
              {items.map((item, index) => {
                const values = corrected[index] ?? { customsValue: '', tariffLine: '' };
                const change = (patch: Partial<typeof values>) => {
                  setCorrected((all) => ({ ...all, [index]: { ...values, ...patch } }));
                };
                const n = index + 1;
                return (
                  <div key={index} className="discrepancy">
                    <p>
                      <strong>
                        {n} · {item.tariffLine}
                      </strong>{' '}
                      {item.description}
                    </p>
                    <div className="field">
                      <label htmlFor={`value-${n}`}>
                        {t('result.customsValue', { n, declared: item.customsValue })}
                      </label>
                      <input
                        id={`value-${n}`}
                        inputMode="decimal"
                        value={values.customsValue}
                        onChange={(event) => {
                          change({ customsValue: event.target.value });
                        }}
                      />
                    </div>
                    <div className="field">
                      <label htmlFor={`line-${n}`}>
                        {t('result.tariffLine', { n, declared: item.tariffLine })}
                      </label>
                      <input
                        id={`line-${n}`}
                        inputMode="numeric"
                        value={values.tariffLine}
                        onChange={(event) => {
                          change({ tariffLine: event.target.value });
                        }}
                      />
                    </div>
                  </div>
                );
              })}
            </fieldset>
          )}
        </>
      )}

      <div className="field">
        <label htmlFor="result-notes">{t('result.notes')}</label>
        <textarea
          id="result-notes"
          rows={3}
          value={notes}
          onChange={(event) => {
            setNotes(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="result-photos">{t('result.photos')}</label>
        <input
          id="result-photos"
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            void Promise.all(files.map(photoOf)).then((taken) => {
              const refused = taken.filter((photo) => photo === null).length;
              setPhotos((list) => [...list, ...taken.flatMap((photo) => (photo ? [photo] : []))]);
              setErrors(refused > 0 ? [t('result.photoRefused', { count: refused })] : []);
            });
          }}
        />
        <p className="hint" data-testid="photo-count">
          {t('result.photoCount', { count: photos.length })}
        </p>
      </div>
      <div className="actions">
        <button type="submit" disabled={saving}>
          {t('result.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('result.cancel')}
        </button>
      </div>
    </form>
  );
}
