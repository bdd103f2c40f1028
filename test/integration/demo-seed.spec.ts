import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap';
import { testToday } from '../helpers/test-clock';
import { addCalendarMonths } from '../../src/calendar/working-calendar';
import { createScratchDatabase, ScratchDatabase } from '../../src/database/scratch-database';
import { DemoClient } from '../../src/dev/demo-client';
import { seedDemoIfEmpty } from '../../src/dev/demo-seed';
import { DEMO_PEOPLE } from '../../src/dev/dev-tokens';
import { Role } from '../../src/auth/role';

const SECRET = 'demo-seed-test-secret-long-enough-for-hs256-0123456789';
const RATIO = '{ numerator denominator percentage }';

// The demo seed on a fresh database, as `npm start` runs it: every measure has something to show.
describe('demo seed', () => {
  let scratch: ScratchDatabase;
  let app: NestFastifyApplication;
  const env = {
    NODE_ENV: 'test',
    AUTH_DEV_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    SWEEP_INTERVAL_MINUTES: '0',
    CLOCK_TODAY: testToday(),
  };
  const auditor = DEMO_PEOPLE.find((p) => p.roles.includes(Role.AUDITOR))!;

  beforeAll(async () => {
    // A brand-new database on the run's server (DATABASE_URL's, or the embedded one the global setup started).
    scratch = await createScratchDatabase(process.env.DATABASE_URL || process.env.TEST_DATABASE_URL, 'cpw_demo');
    app = await createApp({ databaseUrl: scratch.url, env });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await scratch?.drop();
  });

  it('seeds once, with a meaningful value for every measure and a valid audit chain', async () => {
    const lines: string[] = [];
    const result = await seedDemoIfEmpty(app, env, (l) => lines.push(l));
    expect(result?.children).toBe(40);
    expect(await seedDemoIfEmpty(app, env, (l) => lines.push(l))).toBeNull();

    const client = new DemoClient(app, SECRET);
    const today = testToday();
    const { performance: p } = await client.gql(
      auditor,
      `query($from: Date!, $to: Date!) { performance(from: $from, to: $to) {
      initialConferencesWithin15WorkingDays ${RATIO} reviewConferencesOnTime ${RATIO} firstCoreGroupsWithin10WorkingDays ${RATIO}
      childrenParticipating ${RATIO} eligibleChildrenOfferedAdvocate ${RATIO} advocateTakeUp ${RATIO} escalationsRaised escalationsByHighestStage
      escalationsResolvedWithinTimescale ${RATIO} medianWorkingDaysToResolution stageBreaches actionsOverdue actionsCompletedOnTime ${RATIO}
      conversationsRecorded conversationsWithOpenActions caseAuditsByGrade caseAuditActionsCompletedOnTime ${RATIO} caseAuditsWithOverdueFollowUp
      conferencesQuorate ${RATIO} reportsSharedOnTime ${RATIO} minutesDistributedOnTime ${RATIO} agencyAttendance { agency invited attended } } }`,
      { from: addCalendarMonths(today, -12), to: today },
    );
    for (const [name, value] of Object.entries(p)) {
      if (value && typeof value === 'object' && 'denominator' in value) {
        const ratio = value as { numerator: number; denominator: number };
        expect({ name, positive: ratio.denominator > 0 }).toEqual({ name, positive: true });
        // Neither all nor nothing: the demo shows slippage as well as good practice.
        expect({ name, mixed: ratio.numerator > 0 && ratio.numerator < ratio.denominator }).toEqual({
          name,
          mixed: true,
        });
      }
    }
    expect(p.escalationsByHighestStage.every((n: number) => n > 0)).toBe(true);
    expect(p).toMatchObject({
      stageBreaches: expect.any(Number),
      actionsOverdue: expect.any(Number),
      conversationsRecorded: expect.any(Number),
    });
    expect(
      Math.min(p.stageBreaches, p.actionsOverdue, p.conversationsRecorded, p.conversationsWithOpenActions),
    ).toBeGreaterThan(0);
    expect(p.medianWorkingDaysToResolution).toBeGreaterThan(0);
    // Case audits (issue 15): every grade, and follow-up that slipped.
    expect(p.caseAuditsByGrade.every((n: number) => n > 0)).toBe(true);
    expect(p.caseAuditsWithOverdueFollowUp).toBeGreaterThan(0);
    // Issue 18: every invited agency appears, and education sometimes stays away.
    expect(p.agencyAttendance.map((a: { agency: string }) => a.agency)).toEqual([
      'CHILDRENS_SOCIAL_CARE',
      'POLICE',
      'HEALTH',
      'EDUCATION',
    ]);
    expect(p.agencyAttendance.some((a: { invited: number; attended: number }) => a.attended < a.invited)).toBe(true);
    const inquorate = await client.gql(
      auditor,
      '{ conferences(filter: { status: [INQUORATE] }) { edges { node { type reconvenedAs { status } } } } }',
    );
    expect(inquorate.conferences.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      type: 'INITIAL',
      reconvenedAs: { status: 'HELD' },
    });
    const audits = await client.gql(auditor, '{ caseAudits(first: 100) { edges { node { status agreementDueBy } } } }');
    expect(new Set(audits.caseAudits.edges.map((e: { node: { status: string } }) => e.node.status))).toEqual(
      new Set(['AWAITING_AGREEMENT', 'AGREED', 'CLOSED']),
    );

    const statuses = await client.gql(
      auditor,
      '{ escalations(first: 100) { totalCount edges { node { status stage breached } } } }',
    );
    const nodes = statuses.escalations.edges.map(
      (e: { node: { status: string; stage: number; breached: boolean } }) => e.node,
    );
    expect(new Set(nodes.map((n: { status: string }) => n.status))).toEqual(
      new Set(['OPEN', 'ACKNOWLEDGED', 'RESPONDED', 'RESOLVED', 'WITHDRAWN']),
    );
    expect(nodes.some((n: { breached: boolean }) => n.breached)).toBe(true);

    const chain = await client.gql(auditor, '{ verifyAuditChain { valid eventsChecked firstInvalidSequence } }');
    expect(chain.verifyAuditChain).toMatchObject({ valid: true, firstInvalidSequence: null });
    expect(chain.verifyAuditChain.eventsChecked).toBeGreaterThan(300);
    process.stdout.write(`demo seed: ${JSON.stringify(result)}\n${JSON.stringify(p)}\n`);
  }, 180_000);
});
