/**
 * CSV export of a table as shown: the same rows and headers, in the reader's language, as
 * RFC 4180 text (comma separated, quoted where needed, CRLF) with a byte order mark so that
 * spreadsheet programs read accents rightly.
 */
import { useTranslation } from 'react-i18next';

export type CsvCell = string | number | null;

/** The rows as CSV text. Never throws. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  const cell = (value: CsvCell): string => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A button that downloads the rows as `fileName`. */
export function CsvButton({
  fileName,
  rows,
  label,
}: {
  readonly fileName: string;
  readonly rows: () => readonly (readonly CsvCell[])[];
  readonly label: string;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="secondary"
      aria-label={t('csv.exportOf', { table: label })}
      onClick={() => {
        const blob = new Blob([`\uFEFF${toCsv(rows())}`], { type: 'text/csv;charset=utf-8' });
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = fileName;
        document.body.append(link);
        link.click();
        link.remove();
        URL.revokeObjectURL(url);
      }}
    >
      {t('csv.export')}
    </button>
  );
}
