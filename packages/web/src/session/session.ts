/**
 * The signed-in session as the web application knows it: who (name, role, offices), what the
 * role may do (the server's list of permissions, so screens offer only those actions), and the
 * CSRF token every change must carry. The session itself is an httpOnly cookie the application
 * never reads; the token lives in memory only, and is fetched again from GET /api/session after
 * a reload.
 */

export interface SessionPrincipal {
  readonly kind: 'user' | 'api_key';
  readonly name: string;
  readonly role: string;
  readonly offices: readonly string[] | null;
  readonly sender: string | null;
  readonly officerId: string | null;
}

export interface Session {
  readonly principal: SessionPrincipal;
  readonly displayName?: string;
  readonly permissions: readonly string[];
  readonly csrfToken: string | null;
  readonly expiresAt: string | null;
}

let current: Session | null = null;

/** Sent with every change (POST, PUT, PATCH, DELETE) made with the session. */
export function csrfToken(): string | null {
  return current?.csrfToken ?? null;
}

export function currentSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
}

/** Whether the signed-in role may do this (a permission of the server's role table). */
export function may(permission: string): boolean {
  return current?.permissions.includes(permission) ?? false;
}

/** Fired when the server answers 401: the session ended (signed out elsewhere, expired). */
export const sessionEndedEvent = 'anticipa:session-ended';

/** The screen a role starts on when it signs in. */
export function homeOf(role: string): string {
  switch (role) {
    case 'inspector':
      return '#/inspection';
    case 'risk_analyst':
      return '#/rule-sets';
    case 'auditor':
    case 'regional_analyst':
      return '#/dashboard';
    default:
      return '#/worklist';
  }
}
