import { errorCode, ok, Person, startTestApp, TestApp, tokenFor } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';
import { buildReportingFixture, Fixture, today, wd } from './reporting-fixture';

/** A strict RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) throw new Error('the file does not end with CRLF');
  return rows;
}

const LIST = `query($f: EscalationFilter, $after: String) { escalations(filter: $f, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id reference status stage raisedOn breached summary } } } }`;

describe('GET /exports/escalations.csv', () => {
  let t: TestApp;
  let w: World;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'exp');
    f = await buildReportingFixture(t, w);
    const child = await w.child(w.teamA);
    await ok(t, w.chair, 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id } }', {
      i: { childId: child, raisedOn: wd(2), concern: 'OTHER', summary: 'He said "no", then, later,\nleft =SUM(A1)' },
    });
  }, 120_000);
  afterAll(() => t.close());

  const download = async (query: string, who: Person = w.auditor) =>
    t.http
      .get(`/exports/escalations.csv${query}`)
      .set('authorization', `Bearer ${await tokenFor(who)}`)
      .buffer(true)
      .parse((res, cb) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => cb(null, body));
      });

  const listAll = async (filter: Record<string, unknown>) => {
    const nodes: Record<string, any>[] = [];
    let after: string | null = null;
    do {
      const page: any = (await ok(t, w.auditor, LIST, { f: filter, after })).escalations;
      nodes.push(...page.edges.map((e: { node: unknown }) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return nodes;
  };

  it.each([
    ['', {}],
    ['?status=OPEN', { status: ['OPEN'] }],
    ['?status=RESOLVED&status=WITHDRAWN', { status: ['RESOLVED', 'WITHDRAWN'] }],
    ['?stage=2', { stage: 2 }],
    ['?breached=true', { breached: true }],
    ['?raisedFrom=FROM&raisedTo=TODAY', { raisedFrom: 'FROM', raisedTo: 'TODAY' }],
    ['?teamId=TEAM_B', { teamId: 'TEAM_B' }],
  ])('rows match the GraphQL list for the same filter: %s', async (qs, filter) => {
    const fill = (s: string) => s.replace('FROM', wd(20)).replace('TODAY', today).replace('TEAM_B', f.teamB);
    const res = await download(fill(qs));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="escalations-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = parseCsv(res.body as unknown as string);
    expect(header.slice(0, 4)).toEqual(['reference', 'status', 'stage', 'concern']);
    const col = (name: string) => header.indexOf(name);
    const expected = await listAll(JSON.parse(fill(JSON.stringify(filter))));
    expect(expected.length).toBeGreaterThan(0);
    expect(
      rows.map((r) => [
        r[col('id')],
        r[col('reference')],
        r[col('status')],
        Number(r[col('stage')]),
        r[col('raised_on')],
        r[col('breached')] === 'true',
      ]),
    ).toEqual(expected.map((n) => [n.id, n.reference, n.status, n.stage, n.raisedOn, n.breached]));
  });

  it('quotes fields by RFC 4180 and defuses spreadsheet formulas', async () => {
    const res = await download('?raisedFrom=' + wd(2) + '&raisedTo=' + wd(2));
    const text = res.body as unknown as string;
    expect(text).toContain('"He said ""no"", then, later,\nleft =SUM(A1)"');
    const [header, ...rows] = parseCsv(text);
    expect(rows.map((r) => r[header.indexOf('summary')])).toContain('He said "no", then, later,\nleft =SUM(A1)');
  });

  it('is for auditors and admins only, with a valid token and a valid filter', async () => {
    expect((await t.http.get('/exports/escalations.csv')).status).toBe(401);
    expect((await t.http.get('/exports/escalations.csv').set('authorization', 'Bearer nonsense')).body.code).toBe(
      'UNAUTHENTICATED',
    );
    const refused = await download('', w.teamA.manager);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body as unknown as string).code).toBe('FORBIDDEN');
    expect((await download('', w.chair)).status).toBe(403);
    expect((await download('', w.admin)).status).toBe(200);
    const bad = await download('?stage=9');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body as unknown as string)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'stage' }],
    });
    expect((await download('?raisedFrom=2026-02-30')).status).toBe(400);
    expect(await errorCode(t, w.teamA.manager, LIST, { f: { teamId: f.teamB } })).toBe('FORBIDDEN');
  });
});
