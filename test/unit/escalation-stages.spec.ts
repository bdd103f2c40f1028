import { CurrentUser } from '../../src/auth/principal';
import { Role } from '../../src/auth/role';
import { englandAndWales as ew } from '../../src/calendar/working-calendar';
import {
  breachDecision,
  EscalationStages,
  STAGE_ROLE,
  stageAssignee,
  stageResponseDueBy,
} from '../../src/escalations/escalation-stages';
import { EscalationStageRecord } from '../../src/escalations/escalation.repository';

// Who a stage of the ladder is addressed to, when its response is due and what a breach does
// (DOMAIN.md, CONTRACT.md), with no database: these rules read only their arguments, so the
// stages are built with no collaborators.
const stages = new EscalationStages(
  undefined as never,
  undefined as never,
  undefined as never,
  undefined as never,
  undefined as never,
  undefined as never,
);

const user = (over: Partial<CurrentUser> = {}): CurrentUser =>
  ({ staffId: 'me', authorityId: 'x', teamId: 'team-a', roles: [Role.TEAM_MANAGER], ...over }) as CurrentUser;
const stage = (over: Partial<EscalationStageRecord> = {}): EscalationStageRecord => ({
  id: 's',
  escalationId: 'e',
  stage: 1,
  assignedRole: Role.TEAM_MANAGER,
  assignedTo: null,
  openedOn: '2026-11-23',
  responseDueBy: '2026-11-30',
  acknowledgedAt: null,
  respondedAt: null,
  response: null,
  breached: false,
  outcome: null,
  ...over,
});

describe('the escalation ladder', () => {
  it('addresses stage 1 to the team manager, 2 the service manager, 3 the head of service, 4 the director', () => {
    expect(STAGE_ROLE).toEqual({
      1: Role.TEAM_MANAGER,
      2: Role.SERVICE_MANAGER,
      3: Role.HEAD_OF_SERVICE,
      4: Role.DIRECTOR,
    });
  });

  it("names the team manager at stage 1 and the team's service manager at stage 2; nobody by name at 3 and 4", () => {
    const team = { managerId: 'tm', serviceManagerId: 'sm' };
    expect([1, 2, 3, 4].map((n) => stageAssignee(n, team))).toEqual(['tm', 'sm', null, null]);
    // A team without a service manager: stage 2 goes to anyone with the role.
    expect(stageAssignee(2, { managerId: 'tm', serviceManagerId: null })).toBeNull();
    expect(stageAssignee(1, null)).toBeNull();
  });

  it("a named assignee is the only one who may act, whatever the others' roles", () => {
    expect(stages.isAssignee(user({ staffId: 'tm' }), stage({ assignedTo: 'tm' }), 'team-a')).toBe(true);
    expect(stages.isAssignee(user({ staffId: 'other' }), stage({ assignedTo: 'tm' }), 'team-a')).toBe(false);
  });

  it("with no named assignee, stage 1 is for a team manager of the child's own team", () => {
    expect(stages.isAssignee(user(), stage(), 'team-a')).toBe(true);
    expect(stages.isAssignee(user(), stage(), 'team-b')).toBe(false);
    expect(stages.isAssignee(user({ roles: [Role.SOCIAL_WORKER] }), stage(), 'team-a')).toBe(false);
  });

  it("with no named assignee, stages 2 to 4 are for anyone with the stage's role, in any team", () => {
    for (const n of [2, 3, 4]) {
      const s = stage({ stage: n, assignedRole: STAGE_ROLE[n] });
      expect(stages.isAssignee(user({ roles: [STAGE_ROLE[n]], teamId: 'team-z' }), s, 'team-a')).toBe(true);
      expect(stages.isAssignee(user({ roles: [Role.TEAM_MANAGER] }), s, 'team-a')).toBe(false);
    }
  });
});

describe("a stage's response due date", () => {
  // Opened on Monday 23 November 2026; no bank holiday in the next three weeks.
  const opened = '2026-11-23';

  it('is 5 working days after the day it opened, at every stage, when the authority sets nothing', () => {
    for (const n of [1, 2, 3, 4]) expect(stageResponseDueBy(ew, null, n, opened)).toBe('2026-11-30'); // Monday, a week on
  });

  it("takes each stage's own working days from the authority's settings", () => {
    const days = [3, 5, 10, 15];
    expect(stageResponseDueBy(ew, days, 1, opened)).toBe('2026-11-26'); // Thursday
    expect(stageResponseDueBy(ew, days, 2, opened)).toBe('2026-11-30'); // Monday
    expect(stageResponseDueBy(ew, days, 3, opened)).toBe('2026-12-07'); // Monday, two weeks on
    expect(stageResponseDueBy(ew, days, 4, opened)).toBe('2026-12-14'); // Monday, three weeks on
  });

  it('falls back to 5 for a stage the settings leave out', () => {
    expect(stageResponseDueBy(ew, [3], 2, opened)).toBe('2026-11-30');
  });

  it("skips weekends and bank holidays: Christmas Day, Boxing Day (substitute Monday 28th) and New Year's Day", () => {
    // Opened Wednesday 23 December 2026: 24th (1), 29th (2), 30th (3), 31st (4), Monday 4 January (5).
    expect(stageResponseDueBy(ew, null, 1, '2026-12-23')).toBe('2027-01-04');
  });
});

describe('a breached stage (DOMAIN.md, "When the deadline passes")', () => {
  it('escalates automatically at stages 1 to 3 under AUTO_ESCALATE', () => {
    for (const n of [1, 2, 3]) expect(breachDecision('AUTO_ESCALATE', n)).toBe('ESCALATE');
  });

  it('is put to the chair at stages 1 to 3 under ALERT_CHAIR', () => {
    for (const n of [1, 2, 3]) expect(breachDecision('ALERT_CHAIR', n)).toBe('ALERT_CHAIR');
  });

  it('at stage 4 has nowhere to go: the chair (and the directors) hear of it, whatever the policy', () => {
    expect(breachDecision('AUTO_ESCALATE', 4)).toBe('FINAL_STAGE');
    expect(breachDecision('ALERT_CHAIR', 4)).toBe('FINAL_STAGE');
  });
});
