/**
 * The demonstration's users, one per role, so that a fresh `npm start` can be tried from every
 * side. They share one password, printed at start and in the README: they are for a
 * demonstration only, and are created only with the demo administration.
 */
import type { Role } from '@anticipa/core';
import type { IdentityService } from '../identity/identity-service.ts';

export const demoPassword = 'anticipa-demo-2026';
/** Who saves the demonstration rule set, and who activates it (four eyes). */
export const demoAnalyst = 'analyste';
export const demoSupervisor = 'chef';

export interface DemoUserScope {
  /** The office the demo's officers work in. */
  readonly office: string;
  /** The sender of a demo broker's declarations, and of a demo carrier's manifests. */
  readonly declarantSender: string;
  readonly carrierSender: string;
}

export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly offices: readonly string[] | null;
  readonly sender: string | null;
  readonly officerId: string | null;
}

export function demoUsers(scope: DemoUserScope): readonly DemoUser[] {
  const national = { offices: null, sender: null, officerId: null };
  return [
    { username: 'admin', displayName: 'Administrateur', role: 'administrator', ...national },
    { username: demoAnalyst, displayName: 'Awa Diop (analyste)', role: 'risk_analyst', ...national },
    {
      username: demoSupervisor,
      displayName: 'Moussa Ndiaye (chef de bureau)',
      role: 'supervisor',
      ...national,
      offices: [scope.office],
    },
    {
      username: 'inspecteur',
      displayName: 'Fatou Sarr (vérificatrice)',
      role: 'inspector',
      offices: [scope.office],
      sender: null,
      officerId: 'INSP-01',
    },
    { username: 'auditeur', displayName: 'Ibrahima Fall (auditeur)', role: 'auditor', ...national },
    { username: 'regional', displayName: 'Analyste régional', role: 'regional_analyst', ...national },
    {
      username: 'declarant',
      displayName: `Commissionnaire ${scope.declarantSender}`,
      role: 'declarant',
      ...national,
      sender: scope.declarantSender,
    },
    {
      username: 'transporteur',
      displayName: `Transporteur ${scope.carrierSender}`,
      role: 'carrier',
      ...national,
      sender: scope.carrierSender,
    },
  ];
}

/** Creates the demo users that do not exist yet; returns the names created. Throws on a refused one. */
export async function loadDemoUsers(
  identity: IdentityService,
  scope: DemoUserScope,
): Promise<readonly string[]> {
  const created: string[] = [];
  for (const user of demoUsers(scope)) {
    if (await identity.findUser(user.username)) continue;
    const stored = await identity.createUser({ ...user, password: demoPassword }, 'demo');
    if (!stored.ok)
      throw new Error(`The demo user ${user.username} was refused: ${JSON.stringify(stored.error)}`);
    created.push(user.username);
  }
  return created;
}
