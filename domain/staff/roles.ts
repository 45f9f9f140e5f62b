/** Staff roles of a branch and head office (see DOMAIN.md, "Who uses it"). */
export const ROLES = ['teller', 'customer-manager', 'branch-head', 'risk-officer', 'it-admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'customer.read',
  'customer.write',
  'audit.read',
  'staff.manage',
  'loan.read',
  'loan.write',
  'loan.approve',
  'rules.edit',
  'rules.publish',
  'risk.read',
  'risk.handle',
  'queue.call',
  'queue.manage',
  'queue.stats',
  'ocr.use',
  'sync.run',
  'conflict.resolve',
  'dashboard.read',
  'device.manage',
  'village.write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Least privilege: a teller serves the counter, managers own credit work, the branch head approves and syncs,
// head-office roles tune rules and devices but do not open customers.
const GRANTS: Record<Role, readonly Permission[]> = {
  teller: ['customer.read', 'customer.write', 'loan.read', 'loan.write', 'queue.call', 'ocr.use'],
  'customer-manager': ['customer.read', 'customer.write', 'loan.read', 'loan.write', 'risk.read', 'ocr.use', 'dashboard.read', 'village.write'],
  'branch-head': [
    'customer.read', 'customer.write', 'audit.read', 'staff.manage', 'loan.read', 'loan.write', 'loan.approve',
    'risk.read', 'risk.handle', 'queue.call', 'queue.manage', 'queue.stats', 'ocr.use', 'sync.run', 'conflict.resolve', 'dashboard.read', 'village.write',
  ],
  'risk-officer': ['customer.read', 'loan.read', 'rules.edit', 'risk.read', 'risk.handle', 'audit.read', 'dashboard.read'],
  'it-admin': ['staff.manage', 'rules.publish', 'device.manage', 'audit.read', 'sync.run'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => GRANTS[r]));
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => GRANTS[r].includes(permission));
}
