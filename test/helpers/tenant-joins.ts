import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * The static check behind test/integration/tenant-joins.spec.ts: every reference to a tenant table
 * (one with an authority_id column) in a SQL string of src/ constrains that table's own authority_id
 * where it is joined or filtered:
 *
 *   - `JOIN <tenant table> [AS] <alias> ON ...`: the ON clause names `<alias>.authority_id` (or an
 *     unqualified `authority_id`), e.g. `JOIN escalation_stage s ON s.authority_id = e.authority_id
 *     AND s.escalation_id = e.id`; `USING (authority_id, ...)` counts too.
 *   - `FROM <tenant table> [AS] <alias>[, ...] ... WHERE ...` in a subquery (an EXISTS, an
 *     `IN (SELECT ...)`, a scalar or LATERAL subquery, a CTE's body), in a correlated one, or with a
 *     comma join: the WHERE clause of that same SELECT names `<alias>.authority_id` (a bare
 *     `authority_id` outside parentheses counts). A top-level statement over one table is not a
 *     join (a sweep across authorities, a lookup by id) and is not checked.
 *
 * Why: since migration 022 every key and index of a tenant table leads with authority_id (or holds
 * it), so a join on `s.escalation_id = e.id` alone cannot seek the index (authority_id, escalation_id)
 * and scans it once per outer row; and Citus co-locates a join only on the distribution column.
 *
 * A deliberate exception carries a SQL comment in the clause (or right after the table reference):
 * `/* any-authority: <why> *\/`, with its reason; the spec lists them.
 *
 * SQL is found as it is written in src/: string literals and template literals (a `${...}` stands for
 * an unknown expression, which never counts as naming authority_id: write the condition literally).
 * Fragments (`const FROM = 'FROM case_audit ca JOIN child c ON ...'`) are checked on their own.
 */

export interface TenantJoinFinding {
  file: string;
  line: number;
  table: string;
  alias: string;
  kind: 'JOIN' | 'FROM';
  clause: string;
  exempt?: string;
}

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'punct'; v: string; at: number }
  | { t: 'comment'; v: string; at: number };

const EXEMPT = /any-authority:\s*([^*\n]*)/;

/** Words that end a SELECT's FROM list or WHERE clause (after them, no more tables or conditions). */
const SELECT_END = new Set([
  'GROUP',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'RETURNING',
  'HAVING',
  'WINDOW',
  'FOR',
]);

/** Words that end a FROM item or an ON/WHERE clause at its own parenthesis depth. */
const CLAUSE_END = new Set([
  'JOIN',
  'LEFT',
  'RIGHT',
  'INNER',
  'FULL',
  'CROSS',
  'NATURAL',
  'WHERE',
  ...SELECT_END,
  'ON',
  'SET',
  'VALUES',
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'WITH',
  'DO',
]);
const NOT_ALIAS = new Set([...CLAUSE_END, 'USING', 'AS', 'TABLESAMPLE', 'ONLY', 'LATERAL']);

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out.push({ t: 'comment', v: sql.slice(i, stop), at: i });
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out.push({ t: 'comment', v: sql.slice(i, stop), at: i });
      i = stop;
    } else if (c === "'") {
      // a string constant ('' escapes a quote): skipped, it is never an identifier
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      out.push({ t: 'punct', v: "''", at: i });
      i = j + 1;
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out.push({ t: 'word', v: sql.slice(i + 1, stop - 1), at: i });
      i = stop;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      // a qualified name stays one word: s.authority_id, public.child
      while (j < sql.length && /[A-Za-z0-9_$.]/.test(sql[j])) j++;
      out.push({ t: 'word', v: sql.slice(i, j), at: i });
      i = j;
    } else {
      out.push({ t: 'punct', v: c, at: i });
      i++;
    }
  }
  return out;
}

const upper = (tok: Token | undefined): string => (tok && tok.t === 'word' ? tok.v.toUpperCase() : '');

/** Index of the first token at depth 0 (relative to `from`) that ends the clause, or tokens.length. */
function clauseEnd(tokens: Token[], from: number, stops: Set<string>): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'punct' && tok.v === '(') depth++;
    else if (tok.t === 'punct' && tok.v === ')') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && tok.t === 'punct' && tok.v === ';') return i;
    else if (depth === 0 && stops.has(upper(tok))) return i;
  }
  return tokens.length;
}

/**
 * Whether a clause names the table's own authority_id: `<alias>.authority_id` (or `<table>.`) at any
 * depth, or a bare `authority_id` outside parentheses (inside them it may be a subquery's own column).
 */
function namesAuthority(tokens: Token[], alias: string, table: string): boolean {
  const own = new Set([`${alias}.authority_id`, `${table}.authority_id`]);
  let depth = 0;
  return tokens.some((tok) => {
    if (tok.t === 'punct' && tok.v === '(') depth++;
    if (tok.t === 'punct' && tok.v === ')') depth--;
    if (tok.t !== 'word') return false;
    const v = tok.v.toLowerCase();
    return own.has(v) || (v === 'authority_id' && depth === 0);
  });
}

function exemption(tokens: Token[]): string | undefined {
  for (const tok of tokens) {
    const m = tok.t === 'comment' ? EXEMPT.exec(tok.v) : null;
    if (m) return m[1].trim() || '(no reason given)';
  }
  return undefined;
}

/** The alias of a table reference at `i` (the token after the table name), and the next index. */
function aliasAt(tokens: Token[], i: number, table: string): { alias: string; next: number } {
  let j = i;
  if (upper(tokens[j]) === 'AS') j++;
  const tok = tokens[j];
  if (tok && tok.t === 'word' && !NOT_ALIAS.has(tok.v.toUpperCase()))
    return { alias: tok.v.toLowerCase(), next: j + 1 };
  return { alias: table, next: i };
}

type Found = Omit<TenantJoinFinding, 'file' | 'line'> & { at: number };

/** The tenant table references in one SQL text whose ON / WHERE does not name their authority_id. */
export function checkSql(sql: string, tenantTables: ReadonlySet<string>): Found[] {
  const tokens = tokenize(sql);
  const found: Found[] = [];
  const text = (from: number, to: number) =>
    tokens
      .slice(from, to)
      .map((t) => t.v)
      .join(' ');
  const tableAt = (i: number): string | undefined => {
    const tok = tokens[i];
    if (!tok || tok.t !== 'word') return undefined;
    const name = tok.v.toLowerCase().replace(/^public\./, '');
    return tenantTables.has(name) ? name : undefined;
  };

  for (let i = 0; i < tokens.length; i++) {
    // SQL keywords are capitals throughout src/: a lower-case "from" or "join" is prose
    const word = tokens[i].t === 'word' ? tokens[i].v : '';
    if (word === 'JOIN') {
      let k = i + 1;
      if (upper(tokens[k]) === 'ONLY') k++;
      const table = tableAt(k);
      if (!table) continue;
      const { alias, next } = aliasAt(tokens, k + 1, table);
      const kw = upper(tokens[next]);
      if (kw !== 'ON' && kw !== 'USING') {
        // CROSS JOIN / NATURAL JOIN / a join without a condition: nothing constrains it
        found.push({ table, alias, kind: 'JOIN', clause: '(no ON clause)', at: tokens[i].at });
        continue;
      }
      const end = clauseEnd(tokens, next + 1, CLAUSE_END);
      const clause = tokens.slice(k + 1, end);
      const ok =
        kw === 'USING'
          ? clause.some((t) => t.t === 'word' && t.v === 'authority_id')
          : namesAuthority(clause, alias, table);
      if (!ok)
        found.push({
          table,
          alias,
          kind: 'JOIN',
          clause: text(next, end),
          exempt: exemption(clause),
          at: tokens[i].at,
        });
    } else if (word === 'FROM') {
      // FROM item [, item ...]: the tenant tables listed here directly (not through JOIN)
      const items: { table: string; alias: string; at: number; after: number }[] = [];
      let count = 0;
      let k = i + 1;
      for (;;) {
        count++;
        if (upper(tokens[k]) === 'ONLY') k++;
        const table = tableAt(k);
        let after: number;
        if (table) {
          const { alias, next } = aliasAt(tokens, k + 1, table);
          items.push({ table, alias, at: tokens[k].at, after: next });
          after = next;
        } else {
          // a subquery, a function or a non-tenant table: skip to the end of this item
          after = clauseEnd(tokens, k, CLAUSE_END);
          const comma = tokens.slice(k, after).findIndex((t, n) => t.t === 'punct' && t.v === ',' && n > 0);
          if (comma >= 0 && isTopLevel(tokens, k, k + comma)) after = k + comma;
        }
        if (tokens[after]?.t === 'punct' && tokens[after].v === ',') {
          k = after + 1;
          continue;
        }
        break;
      }
      if (items.length === 0) continue;
      // the WHERE of this SELECT: the next WHERE at the same depth, before the SELECT ends
      const w = clauseEnd(tokens, i + 1, WHERE_OR_END);
      const hasWhere = upper(tokens[w]) === 'WHERE';
      const whereEnd = hasWhere ? clauseEnd(tokens, w + 1, SELECT_END) : w;
      const where = hasWhere ? tokens.slice(w + 1, whereEnd) : [];
      // Only a join is checked here: a comma join (two FROM items), a subquery (EXISTS, IN, scalar,
      // LATERAL, a CTE's body: inside parentheses) or a correlated one whatever its depth (its WHERE
      // names an alias of an outer query). A statement over one table (a sweep across authorities,
      // a lookup by id) is not a join; RLS and the repositories scope those.
      if (count < 2 && depthAt(tokens, i) === 0 && !correlated(tokens.slice(i + 1, w), where)) continue;
      for (const item of items) {
        if (namesAuthority(where, item.alias, item.table)) continue;
        // the exception comment may sit anywhere in this SELECT, from its FROM to its end
        const near = tokens.slice(i, clauseEnd(tokens, i + 1, new Set()));
        found.push({
          table: item.table,
          alias: item.alias,
          kind: 'FROM',
          clause: hasWhere ? `WHERE ${text(w + 1, whereEnd)}` : '(no WHERE clause)',
          exempt: exemption(near),
          at: item.at,
        });
      }
    }
  }
  return found;
}

const WHERE_OR_END = new Set(['WHERE', ...SELECT_END]);

/**
 * Whether a WHERE names a qualifier (`x.col`) that is defined neither in its own FROM clause nor by
 * a FROM / JOIN nested in the WHERE itself: then it refers to an outer query's row.
 */
function correlated(fromClause: Token[], where: Token[]): boolean {
  const defined = new Set(fromClause.filter((t) => t.t === 'word').map((t) => t.v.toLowerCase()));
  where.forEach((t, n) => {
    const kw = upper(t);
    if (kw !== 'FROM' && kw !== 'JOIN') return;
    for (const next of where.slice(n + 1, n + 4)) if (next.t === 'word') defined.add(next.v.toLowerCase());
  });
  return where.some((t) => {
    if (t.t !== 'word' || !t.v.includes('.')) return false;
    const q = t.v.split('.')[0].toLowerCase();
    return q !== '__expr__' && !defined.has(q);
  });
}

/** How many parentheses are open before token `at`: above 0, the FROM is a subquery's. */
function depthAt(tokens: Token[], at: number): number {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    if (tokens[i].t === 'punct' && tokens[i].v === '(') depth++;
    if (tokens[i].t === 'punct' && tokens[i].v === ')') depth--;
  }
  return depth;
}

function isTopLevel(tokens: Token[], from: number, to: number): boolean {
  let depth = 0;
  for (let i = from; i < to; i++) {
    if (tokens[i].t === 'punct' && tokens[i].v === '(') depth++;
    if (tokens[i].t === 'punct' && tokens[i].v === ')') depth--;
  }
  return depth === 0;
}

/** The SQL-looking string and template literals of a TypeScript source, with their 1-based line. */
export function sqlLiterals(source: string, fileName = 'file.ts'): { sql: string; line: number }[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const out: { sql: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    let sql: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) sql = node.text;
    else if (ts.isTemplateExpression(node)) {
      // ${...} becomes an opaque word; the expressions themselves are visited on their own
      sql = node.head.text + node.templateSpans.map((s) => ` __expr__ ${s.literal.text}`).join('');
    }
    if (sql !== undefined && /\b(FROM|JOIN)\b/.test(sql)) {
      out.push({ sql, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every finding (exempt or not) in the .ts files under `dir`, with paths relative to `root`; `rewrite` is for the spec's own check. */
export function checkSources(
  root: string,
  dir: string,
  tenantTables: ReadonlySet<string>,
  rewrite: (sql: string) => string = (sql) => sql,
): TenantJoinFinding[] {
  const findings: TenantJoinFinding[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const file = relative(root, path);
        for (const { sql, line } of sqlLiterals(readFileSync(path, 'utf8'), path)) {
          for (const f of checkSql(rewrite(sql), tenantTables)) {
            const { at, ...rest } = f;
            findings.push({ file, line: line + (sql.slice(0, at).match(/\n/g)?.length ?? 0), ...rest });
          }
        }
      }
    }
  };
  walk(dir);
  return findings;
}

/** A node of `EXPLAIN (FORMAT JSON)`. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/**
 * The scans of a tenant table in a plan whose own condition (index condition, recheck or filter)
 * does not mention authority_id: each reads every authority's rows or index entries.
 */
export function scansWithoutAuthority(node: PlanNode, tenantTables: ReadonlySet<string>, out: string[] = []): string[] {
  const rel = node['Relation Name'];
  if (rel && tenantTables.has(rel) && /Scan/.test(node['Node Type'])) {
    const cond = [node['Index Cond'], node['Recheck Cond'], node.Filter].join(' ');
    if (!/authority_id/.test(cond)) {
      out.push(
        `${node['Node Type']} on ${rel} ${node.Alias ?? ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`.trim(),
      );
    }
  }
  for (const child of node.Plans ?? []) scansWithoutAuthority(child, tenantTables, out);
  return out;
}
