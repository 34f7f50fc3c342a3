/**
 * A labelled form field with its hint and the server's problems for it: the control is marked
 * invalid and described by the problem's message (what was expected, and the value found).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../api/api-client.ts';

export function FormField({
  id,
  label,
  hint,
  problems,
  children,
}: {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly problems: readonly FieldProblem[];
  readonly children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
}) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : '', problems.length > 0 ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {children({
        id,
        'aria-invalid': problems.length > 0,
        ...(described === '' ? {} : { 'aria-describedby': described }),
      })}
      {problems.length > 0 && (
        <p id={`${id}-error`} className="field-error">
          {problems
            .map(
              (problem) =>
                `${problem.expected} (${t('criterionForm.valueFound', { value: JSON.stringify(problem.value) })})`,
            )
            .join(' · ')}
        </p>
      )}
    </div>
  );
}
