import type { Role } from './role';

/** Scopes an API key can hold: one read/write pair per area. */
export const API_SCOPES = [
  'customers:read',
  'customers:write',
  'org:read',
  'products:read',
  'products:write',
  'orders:read',
  'orders:write',
  'followups:read',
  'followups:write',
  'inquiries:read',
  'inquiries:write',
  'service:read',
  'service:write',
  'segments:read',
  'segments:write',
  'reminders:read',
  'reminders:write',
  'marketing:write',
  'reports:read',
  'webhooks:write',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface StaffViewer {
  kind: 'staff';
  userId: number;
  role: Role;
  departmentId: number | null;
  /** Materialised path of the viewer's department (`/1/4/`), null without one. */
  departmentPath: string | null;
}

export interface PartnerViewer {
  kind: 'partner';
  apiKeyId: number;
  scopes: readonly string[];
  /** The key's own rate-limit bucket, when it has one (else the company default). */
  rateLimit?: { capacity: number; restorePerSecond: number };
}

/** Who is asking. Every request but `login` needs one. */
export type Viewer = StaffViewer | PartnerViewer;

/**
 * Which customers a viewer may read and write (DOMAIN C7, issue "data scope"):
 * SALES its own, MANAGER its department's subtree (and its own), ADMIN and partners all.
 */
export type CustomerScope = { kind: 'all' } | { kind: 'owner'; userId: number } | { kind: 'subtree'; path: string; userId: number };

export function customerScopeOf(viewer: Viewer): CustomerScope {
  if (viewer.kind === 'partner') return { kind: 'all' };
  switch (viewer.role) {
    case 'ADMIN':
      return { kind: 'all' };
    case 'MANAGER':
      return viewer.departmentPath
        ? { kind: 'subtree', path: viewer.departmentPath, userId: viewer.userId }
        : { kind: 'owner', userId: viewer.userId };
    case 'SALES':
      return { kind: 'owner', userId: viewer.userId };
  }
}

export interface ScopedCustomer {
  ownerId: number | null;
  departmentPath: string | null;
}

/** The TypeScript twin of the SQL scope condition, for one loaded customer. */
export function scopeAllows(scope: CustomerScope, customer: ScopedCustomer): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'owner':
      return customer.ownerId === scope.userId;
    case 'subtree':
      return customer.ownerId === scope.userId || (customer.departmentPath?.startsWith(scope.path) ?? false);
  }
}

/** An access requirement of an operation: staff roles allowed, and the scope a partner key needs. */
export interface Requirement {
  roles?: readonly Role[];
  scope?: ApiScope;
}

export type AccessDecision = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/**
 * Staff pass when the operation names no roles or names theirs. A partner key passes when
 * the operation names a scope the key holds, or names neither scope nor roles (any viewer:
 * `node`, `viewer`, `vocabularies`); operations that name roles are staff-only.
 */
export function decideAccess(viewer: Viewer | null, requirement: Requirement): AccessDecision {
  if (!viewer) return 'UNAUTHENTICATED';
  if (viewer.kind === 'staff') {
    return !requirement.roles || requirement.roles.includes(viewer.role) ? 'ALLOWED' : 'FORBIDDEN';
  }
  if (requirement.scope) return viewer.scopes.includes(requirement.scope) ? 'ALLOWED' : 'FORBIDDEN';
  return requirement.roles ? 'FORBIDDEN' : 'ALLOWED';
}
