export const ROLES = ['ADMIN', 'MANAGER', 'SALES'] as const;
export type Role = (typeof ROLES)[number];
