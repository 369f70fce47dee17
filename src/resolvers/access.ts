import { GraphQLError } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import type { Role } from '../domain/access/role';
import { decideAccess, type ApiScope, type Requirement } from '../domain/access/viewer';
import type { GraphQLContext } from './context';

/**
 * `@Authorized(...needs({ roles, scope }))`: the requirement travels through type-graphql's
 * string "roles" as `role:ADMIN` and `scope:customers:read` entries.
 */
export function needs(requirement: Requirement): string[] {
  return [...(requirement.roles ?? []).map((r) => `role:${r}`), ...(requirement.scope ? [`scope:${requirement.scope}`] : [])];
}

/** The requirement behind `needs(...)`'s strings (type-graphql keeps them as the field's roles). */
export function requirementOfRoles(encoded: readonly string[]): Requirement {
  const roles = encoded.filter((e) => e.startsWith('role:')).map((e) => e.slice(5) as Role);
  const scope = encoded.find((e) => e.startsWith('scope:'))?.slice(6) as ApiScope | undefined;
  return { roles: roles.length ? roles : undefined, scope };
}

export const authChecker: AuthChecker<GraphQLContext> = ({ context }, encoded) => {
  const decision = decideAccess(context.viewer, requirementOfRoles(encoded));
  switch (decision) {
    case 'ALLOWED':
      return true;
    case 'UNAUTHENTICATED':
      throw new GraphQLError('Sign in: send `Authorization: Bearer <token>` (from `login`) or `X-Api-Key: <secret>`.', {
        extensions: { code: 'UNAUTHENTICATED' },
      });
    case 'FORBIDDEN':
      throw new GraphQLError('You are not allowed to do this: your role or API key scopes do not cover it.', {
        extensions: { code: 'FORBIDDEN' },
      });
  }
};
