/**
 * A message for the next screen: a form that saves a new version goes to that version's page,
 * which shows what was saved. Kept in memory only; read once.
 */
let notice: string | null = null;

export function leaveNotice(text: string): void {
  notice = text;
}

/** The message left, if any; it is then gone. */
export function takeNotice(): string | null {
  const shown = notice;
  notice = null;
  return shown;
}
