import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANY_ROLE, OPERATION_POLICY, OperationRule } from '../src/auth/operation-policy';
import { ALL_ROLES } from '../src/auth/role';

export const AUTHORIZATION_DOC = join(__dirname, '..', 'docs', 'authorization.md');

const SECTIONS = [
  ['Query', 'Queries'],
  ['Mutation', 'Mutations'],
  ['Subscription', 'Subscriptions'],
] as const;

const allows = (rule: OperationRule, role: string) =>
  rule.roles === ANY_ROLE || (rule.roles as readonly string[]).includes(role);

/** docs/authorization.md: role × root operation, from OPERATION_POLICY, in the policy's own order. */
export function authorizationMarkdown(policy: Record<string, OperationRule> = OPERATION_POLICY): string {
  const header = `| operation | ${ALL_ROLES.join(' | ')} | then checked by the service |`;
  const rule = `|---|${ALL_ROLES.map(() => ':-:').join('|')}|---|`;
  const sections = SECTIONS.flatMap(([type, title]) => {
    const rows = Object.entries(policy)
      .filter(([operation]) => operation.startsWith(`${type}.`))
      .map(
        ([operation, r]) =>
          `| \`${operation.slice(type.length + 1)}\` | ${ALL_ROLES.map((role) => (allows(r, role) ? '✓' : '')).join(' | ')} | ${(r.relationship ?? '').replace(/\|/g, '\\|')} |`,
      );
    return rows.length ? [`## ${title}\n`, header, rule, ...rows, ''] : [];
  });
  return [
    '# Authorization matrix\n',
    'Generated from `OPERATION_POLICY` (src/auth/operation-policy.ts) by `node -r @swc-node/register scripts/authorization-doc.ts`; do not edit by hand.',
    'test/e2e/authorization-matrix.spec.ts fails when this file is stale, when a root operation of the schema has no row, and when the running',
    'server refuses an allowed role or lets a refused one through.\n',
    'A ✓ means the role may call the operation (the guard refuses every other role with FORBIDDEN). The last column is the',
    'relationship the service checks afterwards (FORBIDDEN when it does not hold). Every operation is limited to the',
    "caller's own authority: another authority's record is NOT_FOUND.\n",
    ...sections,
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(AUTHORIZATION_DOC, authorizationMarkdown());
  console.log('docs/authorization.md written');
}
