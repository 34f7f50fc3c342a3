/** A lane shown as a coloured badge with its name in words (colour is never the only cue). */
import { useTranslation } from 'react-i18next';
import type { Lane } from '../api/api-types.ts';

export function LaneBadge({ lane }: { readonly lane: Lane | null }) {
  const { t } = useTranslation();
  if (lane === null) return <span className="lane lane-none">{t('lane.unassessed')}</span>;
  return <span className={`lane lane-${lane}`}>{t(`lane.${lane}`)}</span>;
}
