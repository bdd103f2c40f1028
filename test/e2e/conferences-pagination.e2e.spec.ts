import { spyOnStatements } from '../helpers/sql-statements';
import { buildWorld, World } from '../helpers/world';
import { errorCode, ok, startTestApp, TestApp } from '../helpers/test-app';
import { M } from './conferences.fixtures';

const PAGE = `query($f: ConferenceFilter, $first: Int, $after: String) { conferences(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id dueBy status workingDaysElapsed chair { id name } children { id name team { id } activePlan { id nextReviewDueBy coreGroup { nextMeetingDueBy } } }
    outcomes { decision plan { id status } child { id } } history { action } } } } }`;

describe('conferences: keyset pages, filters and a constant number of SQL statements per page', () => {
  let t: TestApp;
  let w: World;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'page');
    // 52 ICPCs with strategy discussions on successive days; every third one scheduled.
    const start = Date.UTC(2026, 0, 5);
    for (let i = 0; i < 52; i++) {
      const children = [await w.child(i % 2 ? w.teamA : w.teamB)];
      if (i % 4 === 0) children.push(await w.child(i % 2 ? w.teamA : w.teamB));
      const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      const c = (await ok(t, w.chair, M.requestInitial, { i: { childIds: children, strategyDiscussionDate: date } }))
        .requestInitialConference;
      if (i % 3 === 0)
        await ok(t, w.chair, M.schedule, {
          i: { conferenceId: c.id, scheduledFor: `${date}T15:00:00Z`, chairId: i % 2 ? w.chair.id : w.chair2.id },
        });
      ids.push(c.id);
    }
  }, 120_000);
  afterAll(() => t.close());

  it('walks every conference once, in due-date order, with totalCount', async () => {
    const seen: { id: string; dueBy: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        conferences: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { node: { id: string; dueBy: string } }[];
        };
      } = await ok(t, w.auditor, PAGE, { first: 15, after });
      expect(page.conferences.totalCount).toBe(52);
      seen.push(...page.conferences.edges.map((e) => e.node));
      if (!page.conferences.pageInfo.hasNextPage) break;
      after = page.conferences.pageInfo.endCursor;
    }
    expect(seen.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(seen.map((s) => s.dueBy)).toEqual([...seen.map((s) => s.dueBy)].sort());
    expect(await errorCode(t, w.auditor, PAGE, { after: 'not-a-cursor' })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.auditor, PAGE, { first: 101 })).toBe('BAD_USER_INPUT');
  });

  it('filters by status, type, chair, team, child and due-date range', async () => {
    const count = async (f: Record<string, unknown>, who = w.auditor) =>
      (await ok(t, who, PAGE, { f, first: 100 })).conferences.totalCount;
    expect(await count({ status: ['SCHEDULED'] })).toBe(18);
    expect(await count({ status: ['REQUESTED', 'SCHEDULED'], type: 'INITIAL' })).toBe(52);
    expect(await count({ type: 'REVIEW' })).toBe(0);
    expect(await count({ chairId: w.chair.id })).toBe(9);
    expect(await count({ teamId: w.teamA.id })).toBe(26);
    expect(await count({}, w.teamA.socialWorker)).toBe(26);
    const one = await ok(t, w.auditor, 'query($id: ID!) { conference(id: $id) { dueBy children { id } } }', {
      id: ids[4],
    });
    expect(await count({ childId: one.conference.children[1].id })).toBe(1);
    expect(await count({ dueFrom: one.conference.dueBy, dueTo: one.conference.dueBy })).toBeGreaterThanOrEqual(1);
  });

  it('counts only when the client selects totalCount (issue 17): the same page either way, and a right count when asked', async () => {
    const LEAN =
      'query($f: ConferenceFilter, $first: Int, $after: String) { conferences(filter: $f, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }';
    const COUNTED =
      'query($f: ConferenceFilter, $first: Int, $after: String) { conferences(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }';
    const countStatements = async (query: string, vars: Record<string, unknown>) => {
      await ok(t, w.auditor, '{ me { id } }');
      const spy = spyOnStatements();
      try {
        const page = (await ok(t, w.auditor, query, vars)).conferences;
        return {
          page,
          counts: spy.sqls().filter((sql) => /count\(\*\)/i.test(sql) && /FROM conference c/.test(sql)).length,
        };
      } finally {
        spy.restore();
      }
    };
    const f = { teamId: w.teamA.id };
    const lean = await countStatements(LEAN, { f, first: 10 });
    const counted = await countStatements(COUNTED, { f, first: 10 });
    expect(lean.counts).toBe(0);
    expect(counted.counts).toBe(1);
    expect(lean.page.edges).toEqual(counted.page.edges);
    expect(lean.page.pageInfo).toEqual(counted.page.pageInfo);
    expect(counted.page.totalCount).toBe(26);
    // The second page without totalCount follows on from the first.
    const next = await countStatements(LEAN, { f, first: 20, after: lean.page.pageInfo.endCursor });
    expect(next.counts).toBe(0);
    expect(next.page.edges).toHaveLength(16);
    expect(next.page.pageInfo.hasNextPage).toBe(false);
  });

  it('costs the same number of SQL statements for a page of 5 as for a page of 50', async () => {
    const statementsFor = async (first: number) => {
      await ok(t, w.auditor, '{ me { id } }'); // the caller is resolved and cached outside the count
      const spy = spyOnStatements();
      try {
        const page = await ok(t, w.auditor, PAGE, { first });
        expect(page.conferences.edges).toHaveLength(first);
        return spy.sqls().length;
      } finally {
        spy.restore();
      }
    };
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(12);
  });
});
