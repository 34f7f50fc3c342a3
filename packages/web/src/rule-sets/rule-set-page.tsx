/** Placeholder while the screen is written. */
export function RuleSetPage(_props: { readonly version: number }) {
  return null;
}
