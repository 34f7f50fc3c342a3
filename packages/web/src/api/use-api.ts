/**
 * A hook that loads one API resource and re-loads it when its path or the language changes
 * (problem documents are worded in the language shown).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi, type ApiResult } from './api-client.ts';

export type Loaded<T> =
  { readonly state: 'loading' } | { readonly state: 'done'; readonly result: ApiResult<T> };

export function useApi<T>(path: string | null): { loaded: Loaded<T>; reload: () => void } {
  const { i18n } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return undefined;
    let current = true;
    setLoaded({ state: 'loading' });
    void getApi<T>(path).then((result) => {
      if (current) setLoaded({ state: 'done', result });
    });
    return () => {
      current = false;
    };
  }, [path, round, i18n.language]);
  const reload = useCallback(() => {
    setRound((n) => n + 1);
  }, []);
  return { loaded, reload };
}

/**
 * The last value a resource loaded, kept while it loads again: a part that reloads after a
 * step stays on screen (with what the reader typed) instead of flashing "loading". Null until
 * the first answer.
 */
export function useKept<T>(loaded: Loaded<T>): T | null {
  const kept = useRef<T | null>(null);
  if (loaded.state === 'done' && loaded.result.ok) kept.current = loaded.result.value;
  return kept.current;
}
