/**
 * Who is asking, and whether a file is within their reach. A principal is a signed-in user or
 * an API key; both carry one role and a scope:
 *
 * - `offices`: the customs offices an officer works in; `null` means every office (risk
 *   analysts, auditors and administrators work nationally);
 * - `sender`: for traders (declarants, carriers) and their systems, the sender identifier
 *   their documents carry. A trader reaches only the files they sent.
 *
 * Out-of-scope files are answered as not found, so that a trader cannot learn that another's
 * reference exists.
 */
import type { Permission, Role } from './roles.ts';
import { isTraderRole, roleCan } from './roles.ts';

export interface Principal {
  readonly kind: 'user' | 'api_key';
  /** The user's id, or the API key's id. */
  readonly id: string;
  /** What the audit trail records as the actor: the user name, or `key:<name>`. */
  readonly name: string;
  readonly role: Role;
  readonly offices: readonly string[] | null;
  readonly sender: string | null;
  /** The roster officer an inspector signs results as. */
  readonly officerId: string | null;
}

/** The part of a file that decides who may reach it. */
export interface FileScope {
  readonly office: string;
  readonly sender: string;
}

/** Whether `principal` holds `permission` through its role. */
export function can(principal: Principal, permission: Permission): boolean {
  return roleCan(principal.role, permission);
}

/** Whether the principal works in `office` (always true for national roles). */
export function coversOffice(principal: Principal, office: string): boolean {
  if (isTraderRole(principal.role)) return false;
  return principal.offices === null || principal.offices.includes(office);
}

/** Whether a file is within the principal's reach: their own for traders, their offices for officers. */
export function canReachFile(principal: Principal, file: FileScope): boolean {
  if (isTraderRole(principal.role)) return principal.sender !== null && principal.sender === file.sender;
  return principal.offices === null || principal.offices.includes(file.office);
}

/**
 * The office filter a list must apply for this principal: the office asked for when it is within
 * reach (`undefined` asked means every office within reach), or `'denied'`.
 */
export function officesToList(
  principal: Principal,
  asked: string | undefined,
): { readonly offices: readonly string[] | null } | 'denied' {
  if (principal.offices === null || isTraderRole(principal.role)) {
    return { offices: asked === undefined ? null : [asked] };
  }
  if (asked === undefined) return { offices: principal.offices };
  return principal.offices.includes(asked) ? { offices: [asked] } : 'denied';
}

/**
 * Four eyes (issue "Trust"): whoever authored a change may not also put it in force. Returns the
 * author when the refusal applies, else `undefined`. Names compare exactly: they are the audit
 * trail's actors.
 */
export function fourEyesRefusal(author: string, actor: string): string | undefined {
  return author === actor ? author : undefined;
}
