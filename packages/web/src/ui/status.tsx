/** Loading and error states shared by the screens; errors are announced to screen readers. */
import { useTranslation } from 'react-i18next';
import type { Problem } from '../api/api-client.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function ProblemMessage({
  problem,
  onRetry,
}: {
  readonly problem: Problem;
  readonly onRetry?: () => void;
}) {
  const { t } = useTranslation();
  const detail = problem.status === 0 ? t('app.networkError') : problem.detail || problem.title;
  return (
    <div className="problem" role="alert">
      <p>
        <strong>{t('problem.title')}</strong> {detail}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
