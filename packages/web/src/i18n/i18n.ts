/**
 * i18next set up with the two catalogues. French by default (most of the region works in
 * French); the choice is kept in the browser and `?lang=fr|en` in the address sets it.
 * The document's `lang` follows, so that screen readers pronounce each language rightly.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { fr } from './fr.ts';

export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'anticipa.language';

const isLanguage = (value: unknown): value is Language => value === 'fr' || value === 'en';

/** The language asked for in the address, else the one chosen before, else French. */
function initialLanguage(): Language {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(asked)) return asked;
  try {
    const kept = window.localStorage.getItem(storageKey);
    if (isLanguage(kept)) return kept;
  } catch {
    // Storage may be refused (private mode): French it is.
  }
  return 'fr';
}

export async function startI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: initialLanguage(),
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    try {
      window.localStorage.setItem(storageKey, language);
    } catch {
      // Not kept: the choice still holds for this page.
    }
  });
}

/** The current language, narrowed. */
export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'fr';
}
