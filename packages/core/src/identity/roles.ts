/**
 * Roles and what each may do. One table (`rolePermissions`) says which role holds which
 * permission; the HTTP edge maps every route to one permission (server `http/route-access.ts`)
 * and the test matrix walks both. Office and sender scope is a second, separate check
 * (`access.ts`): a permission says what kind of thing a role may do, the scope says to which
 * files.
 *
 * The roles are the administration's own (issue "Trust"): traders see their own files and the
 * type of control only; officers work within their offices; the auditor reads everything and
 * changes nothing; the regional analyst sees aggregates only.
 */

export const roles = [
  'declarant',
  'carrier',
  'risk_analyst',
  'inspector',
  'supervisor',
  'auditor',
  'regional_analyst',
  'administrator',
] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  // Traders' intake and their view of their own files.
  'declaration.lodge',
  'manifest.lodge',
  'declaration.read',
  'manifest.read',
  'trader_view.read',
  // What only customs sees of a file.
  'file.officer_read',
  'assessment.read',
  // Clearance steps and inspection.
  'clearance.step',
  'control.start',
  'inspection.record',
  'inspection.read',
  'valuation.decide',
  // Risk management.
  'rule_set.read',
  'rule_set.edit',
  'rule_set.activate',
  'backtest.run',
  'targeting.read',
  'targeting.train',
  'targeting.activate',
  'valuation.rebuild',
  // Offices, rosters and plans.
  'roster.read',
  'roster.manage',
  'office.manage',
  'office_settings.manage',
  // Reports.
  'indicators.read',
  'criteria_indicators.read',
  'counters.read',
  'write_off.read',
  // Reference data anyone signed in may read.
  'reference.read',
  'tariff.import',
  // Trust.
  'audit.read',
  'users.read',
  'users.manage',
] as const;
export type Permission = (typeof permissions)[number];

const officerReading: readonly Permission[] = [
  'declaration.read',
  'manifest.read',
  'trader_view.read',
  'file.officer_read',
  'assessment.read',
  'inspection.read',
  'reference.read',
];

/**
 * Who holds what. The administrator holds every permission: it is the account an IT department
 * signs in with to set the others up. It does not escape four eyes (`fourEyesRefusal`).
 */
export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  declarant: ['declaration.lodge', 'declaration.read', 'trader_view.read', 'reference.read'],
  carrier: ['manifest.lodge', 'manifest.read', 'reference.read'],
  risk_analyst: [
    ...officerReading,
    'rule_set.read',
    'rule_set.edit',
    'rule_set.activate',
    'backtest.run',
    'targeting.read',
    'targeting.train',
    'targeting.activate',
    'valuation.rebuild',
    'indicators.read',
    'criteria_indicators.read',
    'counters.read',
    'write_off.read',
    'roster.read',
  ],
  inspector: [...officerReading, 'control.start', 'inspection.record', 'roster.read'],
  supervisor: [
    ...officerReading,
    'clearance.step',
    'control.start',
    'inspection.record',
    'valuation.decide',
    'rule_set.read',
    'rule_set.activate',
    'targeting.read',
    'targeting.activate',
    'roster.read',
    'roster.manage',
    'office_settings.manage',
    'indicators.read',
    'criteria_indicators.read',
    'counters.read',
    'write_off.read',
  ],
  auditor: [
    ...officerReading,
    'rule_set.read',
    'targeting.read',
    'roster.read',
    'indicators.read',
    'criteria_indicators.read',
    'counters.read',
    'write_off.read',
    'audit.read',
    'users.read',
  ],
  regional_analyst: ['indicators.read', 'reference.read'],
  administrator: [...permissions],
};

const granted: ReadonlyMap<Role, ReadonlySet<Permission>> = new Map(
  roles.map((role) => [role, new Set(rolePermissions[role])]),
);

/** Whether `role` holds `permission`. Never throws. */
export function roleCan(role: Role, permission: Permission): boolean {
  return granted.get(role)?.has(permission) ?? false;
}

/** Roles whose files are their own only (by sender), who never see what customs sees. */
export function isTraderRole(role: Role): boolean {
  return role === 'declarant' || role === 'carrier';
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}
