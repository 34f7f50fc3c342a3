/**
 * What every form that saves a new version of the rule set shares (a criterion, the profiles
 * draft, a watchlist entry): the request, and on a refusal the summary of its problems, which
 * takes the focus so that a screen reader reads it; on success, the new version's page with a
 * notice of what was saved.
 */
import { useTranslation } from 'react-i18next';
import { postApi, type FieldProblem, type Problem } from '../api/api-client.ts';
import type { StoredRuleSet } from '../api/api-types.ts';
import { navigate } from '../router.ts';
import { leaveNotice } from './notice.ts';

/** Posts `body` to `path`; a refusal goes to `onProblem` and focuses `problemsId`, a new version opens. */
export async function saveVersion(
  path: string,
  body: unknown,
  problemsId: string,
  onProblem: (problem: Problem) => void,
  notice: (version: number) => string,
): Promise<void> {
  const saved = await postApi<StoredRuleSet>(path, body);
  if (!saved.ok) {
    onProblem(saved.problem);
    window.setTimeout(() => {
      document.getElementById(problemsId)?.focus();
    }, 0);
    return;
  }
  leaveNotice(notice(saved.value.version));
  navigate(`#/rule-sets/${saved.value.version}`);
}

/**
 * The summary of a refusal: how many fields are wrong (or the problem's detail when it names
 * none), then `listed`, the problems no field of the form shows itself.
 */
export function ProblemSummary({
  id,
  problem,
  listed,
}: {
  readonly id: string;
  readonly problem: Problem;
  readonly listed: readonly FieldProblem[];
}) {
  const { t } = useTranslation();
  const count = problem.errors.length;
  return (
    <div id={id} className="problem" role="alert" tabIndex={-1}>
      <p>
        <strong>{count > 0 ? t('criterionForm.problems', { count }) : problem.detail}</strong>
      </p>
      {listed.length > 0 && (
        <ul>
          {listed.map((found, index) => (
            <li key={index}>
              {t('criterionForm.otherProblem', { path: found.path, expected: found.expected })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
