import type { AuthChecker } from 'type-graphql';
import { say } from '../domain/common/bilingual';
import type { Role } from '../domain/access/role';
import { decideAccess, type ApiScope, type Requirement } from '../domain/access/viewer';
import { bilingualError } from '../server/request-locale';
import type { GraphQLContext } from './context';

/** What a request without credentials is told, by the API and the file exports alike. */
export const SIGN_IN_MESSAGE = say(
  '请先登录：发送 `Authorization: Bearer <token>`（token 由 `login` 获得）或 `X-Api-Key: <secret>`。',
  'Sign in: send `Authorization: Bearer <token>` (from `login`) or `X-Api-Key: <secret>`.',
);

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
      throw bilingualError(SIGN_IN_MESSAGE, { extensions: { code: 'UNAUTHENTICATED' } });
    case 'FORBIDDEN':
      throw bilingualError(
        say(
          '你无权执行此操作：你的角色或 API 密钥的权限范围不包含它。',
          'You are not allowed to do this: your role or API key scopes do not cover it.',
        ),
        { extensions: { code: 'FORBIDDEN' } },
      );
  }
};
