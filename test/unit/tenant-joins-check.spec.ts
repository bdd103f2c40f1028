import { checkSql, sqlLiterals } from '../helpers/tenant-joins';

/** The checker behind test/integration/tenant-joins.spec.ts, on small SQL texts. */
const TENANT = new Set(['escalation', 'escalation_stage', 'child', 'team', 'conference', 'conference_child']);
const found = (sql: string) =>
  checkSql(sql, TENANT).map((f) => `${f.kind} ${f.table} ${f.alias}${f.exempt ? ' exempt' : ''}`);

describe('tenant join check', () => {
  it('flags a join on the foreign key alone and accepts it with authority_id on the joined side', () => {
    expect(
      found('SELECT * FROM escalation e JOIN escalation_stage s ON s.escalation_id = e.id WHERE e.authority_id = $1'),
    ).toEqual(['JOIN escalation_stage s']);
    expect(
      found(
        'SELECT * FROM escalation e JOIN escalation_stage s ON s.authority_id = e.authority_id AND s.escalation_id = e.id WHERE e.authority_id = $1',
      ),
    ).toEqual([]);
    // the parameter is as good as the other side's column
    expect(found('SELECT * FROM unnest($1::uuid[]) k(id) JOIN child c ON c.authority_id = $2 AND c.id = k.id')).toEqual(
      [],
    );
  });

  it("wants the joined table's own authority_id, not the other side's", () => {
    expect(found('SELECT 1 FROM escalation e JOIN child c ON c.id = e.child_id AND e.authority_id = $1')).toEqual([
      'JOIN child c',
    ]);
  });

  it('checks every join of a statement, LEFT JOIN, AS aliases and unaliased tables included', () => {
    expect(
      found(`SELECT 1 FROM escalation AS e
             LEFT JOIN child AS c ON c.authority_id = e.authority_id AND c.id = e.child_id
             JOIN team ON team.id = c.team_id
             JOIN authority a ON a.id = e.authority_id
             WHERE e.authority_id = $1`),
    ).toEqual(['JOIN team team']);
    expect(found('SELECT 1 FROM child c JOIN team t USING (authority_id, id)')).toEqual([]);
    expect(found('SELECT 1 FROM child c CROSS JOIN team t')).toEqual(['JOIN team t']);
  });

  it('flags a correlated subquery (EXISTS, scalar, IN, LATERAL) without authority_id, and not a statement over one table', () => {
    expect(
      found(
        'SELECT e.id FROM escalation e WHERE e.authority_id = $1 AND EXISTS (SELECT 1 FROM escalation_stage s WHERE s.escalation_id = e.id)',
      ),
    ).toEqual(['FROM escalation_stage s']);
    expect(
      found(
        'SELECT e.id, (SELECT count(*) FROM escalation_stage s WHERE s.authority_id = e.authority_id AND s.escalation_id = e.id) FROM escalation e WHERE e.authority_id = $1',
      ),
    ).toEqual([]);
    expect(
      found(
        'SELECT c.id FROM conference c LEFT JOIN LATERAL (SELECT max(x.child_id) AS m FROM conference_child x WHERE x.conference_id = c.id) l ON true WHERE c.authority_id = $1',
      ),
    ).toEqual(['FROM conference_child x']);
    // a sweep across authorities and a lookup by id are not joins
    expect(found('SELECT id FROM escalation_stage WHERE response_due_by < $1 AND outcome IS NULL')).toEqual([]);
    expect(found('UPDATE child SET name = $2 WHERE id = $1')).toEqual([]);
    // an IN (SELECT ...) is a join too, correlated or not
    expect(
      found(
        'SELECT * FROM team t WHERE t.authority_id = $1 AND t.id IN (SELECT c.team_id FROM child c WHERE c.name = $2)',
      ),
    ).toEqual(['FROM child c']);
    expect(
      found(
        'SELECT * FROM team t WHERE t.authority_id = $1 AND t.id IN (SELECT c.team_id FROM child c WHERE c.authority_id = $1 AND c.name = $2)',
      ),
    ).toEqual([]);
  });

  it('flags a comma join and an UPDATE ... FROM correlated with its target', () => {
    expect(found('SELECT 1 FROM child c, team t WHERE t.id = c.team_id AND c.authority_id = $1')).toEqual([
      'FROM team t',
    ]);
    expect(
      found('UPDATE escalation e SET stage = 2 FROM child c WHERE c.id = e.child_id AND e.authority_id = $1'),
    ).toEqual(['FROM child c']);
    expect(
      found(
        'UPDATE escalation e SET stage = 2 FROM child c WHERE c.authority_id = e.authority_id AND c.id = e.child_id',
      ),
    ).toEqual([]);
  });

  it("does not take a nested subquery's bare authority_id for the outer table's", () => {
    expect(
      found(
        'UPDATE escalation e SET stage = 2 FROM child c WHERE e.id = ANY(ARRAY(SELECT id FROM escalation WHERE authority_id = $1)) AND c.id = e.child_id',
      ),
    ).toEqual(['FROM child c']);
  });

  it('ignores string constants, prose and non-tenant tables', () => {
    expect(found("SELECT 'JOIN child c ON c.id = x' FROM authority a JOIN pg_class p ON p.oid = a.id")).toEqual([]);
    expect(found('An agreed action, from a conversation, escalation, core group or conference.')).toEqual([]);
  });

  it('accepts a documented exception and reports it as exempt', () => {
    expect(
      found(
        'SELECT 1 FROM escalation e JOIN child c ON c.id = e.child_id /* any-authority: the sweep reads every authority */',
      ),
    ).toEqual(['JOIN child c exempt']);
  });

  it('finds SQL in string and template literals, an interpolation never counting as authority_id', () => {
    const src = [
      "const FROM = 'FROM escalation e JOIN child c ON c.id = e.child_id';",
      'const q = (cond: string) => `SELECT 1 FROM escalation e',
      '  JOIN escalation_stage s ON ${cond}`;',
      "const prose = 'nothing here';",
    ].join('\n');
    const literals = sqlLiterals(src);
    expect(literals.map((l) => l.line)).toEqual([1, 2]);
    expect(literals.flatMap((l) => found(l.sql))).toEqual(['JOIN child c', 'JOIN escalation_stage s']);
  });
});
