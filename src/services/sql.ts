/** Escapes LIKE wildcards so user text matches literally (`50%` is not a pattern). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `column` (a user id) names a user of the department subtrees of the ids in the one `?::int[]`
 * parameter (`{1,4}`): who sold, handled or made a record, for the lists' department filters.
 */
export function userInDepartmentsSql(column: string): string {
  return `${column} = any(array(select u.id from app_user u join department d on d.id = u.department_id
                                  join department root on d.path like root.path || '%' where root.id = any(?::int[])))`;
}
