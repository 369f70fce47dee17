import type { Role } from '../../src/domain/access/role';
import {
  customerScopeOf,
  decideAccess,
  scopeAllows,
  type AccessDecision,
  type CustomerScope,
  type PartnerViewer,
  type Requirement,
  type ScopedCustomer,
  type StaffViewer,
  type Viewer,
} from '../../src/domain/access/viewer';

function staff(role: Role, departmentPath: string | null = '/1/4/', userId = 7): StaffViewer {
  return { kind: 'staff', userId, role, departmentId: departmentPath ? 4 : null, departmentPath };
}

function partner(...scopes: string[]): PartnerViewer {
  return { kind: 'partner', apiKeyId: 99, scopes };
}

describe('customerScopeOf', () => {
  it.each<[string, Viewer, CustomerScope]>([
    ['ADMIN with a department', staff('ADMIN', '/1/'), { kind: 'all' }],
    ['ADMIN without a department', staff('ADMIN', null), { kind: 'all' }],
    ['MANAGER with a department', staff('MANAGER', '/1/4/', 7), { kind: 'subtree', path: '/1/4/', userId: 7 }],
    ['MANAGER of the root department', staff('MANAGER', '/1/', 3), { kind: 'subtree', path: '/1/', userId: 3 }],
    ['MANAGER without a department falls back to own customers', staff('MANAGER', null, 7), { kind: 'owner', userId: 7 }],
    ['SALES with a department', staff('SALES', '/1/4/', 12), { kind: 'owner', userId: 12 }],
    ['SALES without a department', staff('SALES', null, 12), { kind: 'owner', userId: 12 }],
    ['partner with scopes', partner('customers:read', 'customers:write'), { kind: 'all' }],
    ['partner without scopes', partner(), { kind: 'all' }],
  ])('%s → %j', (_label, viewer, expected) => {
    expect(customerScopeOf(viewer)).toEqual(expected);
  });
});

describe('scopeAllows', () => {
  const customer = (ownerId: number | null, departmentPath: string | null): ScopedCustomer => ({ ownerId, departmentPath });
  const all: CustomerScope = { kind: 'all' };
  const owner: CustomerScope = { kind: 'owner', userId: 7 };
  const subtree: CustomerScope = { kind: 'subtree', path: '/1/4/', userId: 7 };

  it.each<[string, CustomerScope, ScopedCustomer, boolean]>([
    // all
    ['all: someone else’s customer', all, customer(8, '/2/'), true],
    ['all: unowned customer without department', all, customer(null, null), true],
    // owner
    ['owner: own customer', owner, customer(7, '/9/'), true],
    ['owner: own customer without department', owner, customer(7, null), true],
    ['owner: colleague’s customer in the same department', owner, customer(8, '/1/4/'), false],
    ['owner: unowned customer', owner, customer(null, '/1/4/'), false],
    // subtree
    ['subtree: customer in the department itself', subtree, customer(8, '/1/4/'), true],
    ['subtree: customer in a child department', subtree, customer(8, '/1/4/9/'), true],
    ['subtree: customer in a grandchild department', subtree, customer(null, '/1/4/9/12/'), true],
    ['subtree: manager’s own customer outside the subtree', subtree, customer(7, '/2/5/'), true],
    ['subtree: manager’s own customer without department', subtree, customer(7, null), true],
    ['subtree: parent department', subtree, customer(8, '/1/'), false],
    ['subtree: sibling department', subtree, customer(8, '/1/5/'), false],
    ['subtree: department whose id merely starts with 4', subtree, customer(8, '/1/40/'), false],
    ['subtree: other tree containing the same ids', subtree, customer(8, '/2/1/4/'), false],
    ['subtree: customer without department, someone else’s', subtree, customer(8, null), false],
    ['subtree: unowned customer without department', subtree, customer(null, null), false],
  ])('%s → %p', (_label, scope, c, expected) => {
    expect(scopeAllows(scope, c)).toBe(expected);
  });

  it.each<[Viewer, ScopedCustomer, boolean]>([
    [staff('SALES', '/1/4/', 7), customer(8, '/1/4/'), false],
    [staff('MANAGER', '/1/4/', 7), customer(8, '/1/4/'), true],
    [staff('MANAGER', null, 7), customer(8, '/1/4/'), false],
    [staff('MANAGER', null, 7), customer(7, '/1/4/'), true],
    [staff('ADMIN', null, 7), customer(8, '/3/'), true],
    [partner(), customer(8, '/3/'), true],
  ])('scope of %j allows %j → %p', (viewer, c, expected) => {
    expect(scopeAllows(customerScopeOf(viewer), c)).toBe(expected);
  });
});

describe('decideAccess', () => {
  const anyone: Requirement = {};
  const adminOnly: Requirement = { roles: ['ADMIN'] };
  const managers: Requirement = { roles: ['ADMIN', 'MANAGER'] };
  const readCustomers: Requirement = { scope: 'customers:read' };
  const writeCustomers: Requirement = { roles: ['ADMIN', 'MANAGER', 'SALES'], scope: 'customers:write' };
  const adminOrOrgRead: Requirement = { roles: ['ADMIN'], scope: 'org:read' };

  it.each<[string, Requirement]>([
    ['no requirement', anyone],
    ['admin only', adminOnly],
    ['a partner scope', readCustomers],
  ])('no viewer → UNAUTHENTICATED (%s)', (_label, requirement) => {
    expect(decideAccess(null, requirement)).toBe('UNAUTHENTICATED');
  });

  it.each<[string, Viewer, Requirement, AccessDecision]>([
    // staff
    ['SALES, no roles named', staff('SALES'), anyone, 'ALLOWED'],
    ['SALES, scope-only operation', staff('SALES'), readCustomers, 'ALLOWED'],
    ['ADMIN, admin only', staff('ADMIN'), adminOnly, 'ALLOWED'],
    ['MANAGER, admin only', staff('MANAGER'), adminOnly, 'FORBIDDEN'],
    ['SALES, admin only', staff('SALES'), adminOnly, 'FORBIDDEN'],
    ['MANAGER, admin or manager', staff('MANAGER'), managers, 'ALLOWED'],
    ['SALES, admin or manager', staff('SALES'), managers, 'FORBIDDEN'],
    ['SALES, all roles + scope', staff('SALES'), writeCustomers, 'ALLOWED'],
    ['MANAGER, admin + org:read scope (scope is for partners only)', staff('MANAGER'), adminOrOrgRead, 'FORBIDDEN'],
    // partners
    ['partner holding the scope', partner('customers:read'), readCustomers, 'ALLOWED'],
    ['partner holding several scopes', partner('org:read', 'customers:read'), readCustomers, 'ALLOWED'],
    ['partner holding another scope', partner('customers:write'), readCustomers, 'FORBIDDEN'],
    ['partner holding no scope', partner(), readCustomers, 'FORBIDDEN'],
    ['partner on an operation with roles and its scope', partner('customers:write'), writeCustomers, 'ALLOWED'],
    ['partner on admin + org:read holding org:read', partner('org:read'), adminOrOrgRead, 'ALLOWED'],
    ['partner on admin + org:read without it', partner('customers:read'), adminOrOrgRead, 'FORBIDDEN'],
    ['partner on an any-viewer operation (no scope, no roles)', partner(), anyone, 'ALLOWED'],
    ['partner on a staff-only admin operation', partner('customers:read', 'customers:write', 'org:read'), adminOnly, 'FORBIDDEN'],
  ])('%s → %p', (_label, viewer, requirement, expected) => {
    expect(decideAccess(viewer, requirement)).toBe(expected);
  });
});
