/** Placeholder while the screen is written. */
export function RuleSetsPage() {
  return null;
}
