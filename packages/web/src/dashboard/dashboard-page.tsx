/** Placeholder while the screen is written. */
export function DashboardPage() {
  return null;
}
