/**
 * Dates, numbers and amounts formatted for the reader's language with Intl: French writes
 * "1 234 567 F CFA" and "12/03/2026", English "F CFA 1,234,567" and "12 Mar 2026". Amounts
 * arrive from the API as numbers or exact decimal strings, in the national currency.
 */
import { useTranslation } from 'react-i18next';
import type { Language } from './i18n.ts';

const intlLocale: Readonly<Record<Language, string>> = { fr: 'fr-FR', en: 'en-GB' };

export interface Formats {
  readonly language: Language;
  date(iso: string): string;
  dateTime(iso: string): string;
  number(value: number | string, maximumFractionDigits?: number): string;
  percent(ratio: number): string;
  money(amount: number | string, currency?: string): string;
}

/** Formatters for one language. Never throws: a value that is not a number is shown as it came. */
export function formatsFor(language: Language): Formats {
  const locale = intlLocale[language];
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const asNumber = (value: number | string): number => (typeof value === 'number' ? value : Number(value));
  return {
    language,
    date: (iso) => {
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : dateFormat.format(at);
    },
    dateTime: (iso) => {
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : `${dateTimeFormat.format(at)} UTC`;
    },
    number: (value, maximumFractionDigits = 2) => {
      const n = asNumber(value);
      return Number.isFinite(n)
        ? new Intl.NumberFormat(locale, { maximumFractionDigits }).format(n)
        : String(value);
    },
    percent: (ratio) => percentFormat.format(ratio),
    money: (amount, currency = 'XOF') => {
      const n = asNumber(amount);
      if (!Number.isFinite(n)) return String(amount);
      return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'symbol' }).format(
        n,
      );
    },
  };
}

/** The formatters of the language shown; components re-render when it changes. */
export function useFormats(): Formats {
  const { i18n } = useTranslation();
  return formatsFor(i18n.language === 'en' ? 'en' : 'fr');
}
