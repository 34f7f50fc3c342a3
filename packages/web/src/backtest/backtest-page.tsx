/** Placeholder while the screen is written. */
export function BacktestPage(_props: { readonly query: URLSearchParams }) {
  return null;
}
