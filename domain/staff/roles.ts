/** Staff roles of a branch and head office (see DOMAIN.md, "Who uses it"). */
export const ROLES = ['teller', 'customer-manager', 'branch-head', 'risk-officer', 'it-admin', 'head-office'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'customer.read',
  'customer.write',
  'audit.read',
  'staff.read',
  'staff.request',
  'staff.approve',
  'loan.read',
  'loan.write',
  'loan.approve',
  'loan.authorize',
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
  'marketing.assign',
  'marketing.work',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Least privilege: a teller serves the counter, managers own credit work, the branch head approves, authorises
// disbursements (授权) and syncs, head-office roles tune rules and devices or approve staff changes but do not open
// customers. Who may request or approve which staff change is domain/staff/grants.ts.
const GRANTS: Record<Role, readonly Permission[]> = {
  teller: ['customer.read', 'customer.write', 'loan.read', 'loan.write', 'queue.call', 'ocr.use'],
  'customer-manager': ['customer.read', 'customer.write', 'loan.read', 'loan.write', 'risk.read', 'ocr.use', 'dashboard.read', 'village.write', 'marketing.work'],
  'branch-head': [
    'customer.read', 'customer.write', 'audit.read', 'staff.read', 'staff.request', 'loan.read', 'loan.write', 'loan.approve', 'loan.authorize',
    'risk.read', 'risk.handle', 'queue.call', 'queue.manage', 'queue.stats', 'ocr.use', 'sync.run', 'conflict.resolve', 'dashboard.read', 'village.write',
    'marketing.assign', 'marketing.work',
  ],
  'risk-officer': ['customer.read', 'loan.read', 'rules.edit', 'risk.read', 'risk.handle', 'audit.read', 'dashboard.read'],
  'it-admin': ['staff.read', 'staff.request', 'rules.publish', 'device.manage', 'audit.read', 'sync.run'],
  'head-office': ['staff.read', 'staff.request', 'staff.approve', 'audit.read'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => GRANTS[r]));
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => GRANTS[r].includes(permission));
}
