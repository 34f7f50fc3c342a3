/**
 * The screens' addresses, kept in the location hash (`#/files/ID`) so that the server serves
 * one page at `/` and a bookmark or the back button leads to the same screen.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { readonly screen: 'worklist'; readonly query: URLSearchParams }
  | { readonly screen: 'file'; readonly id: string }
  | { readonly screen: 'rule-sets' }
  | { readonly screen: 'rule-set'; readonly version: number }
  | { readonly screen: 'backtest'; readonly query: URLSearchParams }
  | { readonly screen: 'effectiveness'; readonly query: URLSearchParams }
  | { readonly screen: 'dashboard'; readonly query: URLSearchParams }
  | { readonly screen: 'inspection'; readonly query: URLSearchParams }
  | { readonly screen: 'not-found' };

/** Reads a hash such as `#/rule-sets/3` into a route. */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const query = new URLSearchParams(search);
  const parts = path.split('/').filter((part) => part !== '');
  const [first, second] = parts;
  if (first === undefined || first === 'worklist') return { screen: 'worklist', query };
  if (first === 'files' && second !== undefined && parts.length === 2) return { screen: 'file', id: second };
  if (first === 'rule-sets' && parts.length === 1) return { screen: 'rule-sets' };
  if (first === 'rule-sets' && second !== undefined && /^\d+$/.test(second) && parts.length === 2)
    return { screen: 'rule-set', version: Number(second) };
  if (first === 'backtest' && parts.length === 1) return { screen: 'backtest', query };
  if (first === 'effectiveness' && parts.length === 1) return { screen: 'effectiveness', query };
  if (first === 'dashboard' && parts.length === 1) return { screen: 'dashboard', query };
  if (first === 'inspection' && parts.length === 1) return { screen: 'inspection', query };
  return { screen: 'not-found' };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);
  return route;
}

/** Goes to a screen (the hash changes; the history keeps the previous one). */
export function navigate(hash: string): void {
  window.location.hash = hash;
}
