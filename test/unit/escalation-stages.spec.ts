import { CurrentUser } from '../../src/auth/principal';
import { Role } from '../../src/auth/role';
import { EscalationStages, STAGE_ROLE, StageRow } from '../../src/escalations/escalation-stages';

// Who a stage of the ladder is addressed to and who may act on it (DOMAIN.md, CONTRACT.md), with
// no database: isAssignee reads only its arguments, so the stages are built with no collaborators.
const stages = new EscalationStages(undefined as never, undefined as never, undefined as never);

const user = (over: Partial<CurrentUser> = {}): CurrentUser =>
  ({ staffId: 'me', authorityId: 'x', teamId: 'team-a', roles: [Role.TEAM_MANAGER], ...over }) as CurrentUser;
const stage = (over: Partial<StageRow> = {}): StageRow => ({
  id: 's', stage: 1, assigned_role: Role.TEAM_MANAGER, assigned_to: null, response_due_by: '2026-11-30', responded_at: null, outcome: null, ...over,
});

describe('the escalation ladder', () => {
  it('addresses stage 1 to the team manager, 2 the service manager, 3 the head of service, 4 the director', () => {
    expect(STAGE_ROLE).toEqual({ 1: Role.TEAM_MANAGER, 2: Role.SERVICE_MANAGER, 3: Role.HEAD_OF_SERVICE, 4: Role.DIRECTOR });
  });

  it('a named assignee is the only one who may act, whatever the others\' roles', () => {
    expect(stages.isAssignee(user({ staffId: 'tm' }), stage({ assigned_to: 'tm' }), 'team-a')).toBe(true);
    expect(stages.isAssignee(user({ staffId: 'other' }), stage({ assigned_to: 'tm' }), 'team-a')).toBe(false);
  });

  it('with no named assignee, stage 1 is for a team manager of the child\'s own team', () => {
    expect(stages.isAssignee(user(), stage(), 'team-a')).toBe(true);
    expect(stages.isAssignee(user(), stage(), 'team-b')).toBe(false);
    expect(stages.isAssignee(user({ roles: [Role.SOCIAL_WORKER] }), stage(), 'team-a')).toBe(false);
  });

  it('with no named assignee, stages 2 to 4 are for anyone with the stage\'s role, in any team', () => {
    for (const n of [2, 3, 4]) {
      const s = stage({ stage: n, assigned_role: STAGE_ROLE[n] });
      expect(stages.isAssignee(user({ roles: [STAGE_ROLE[n]], teamId: 'team-z' }), s, 'team-a')).toBe(true);
      expect(stages.isAssignee(user({ roles: [Role.TEAM_MANAGER] }), s, 'team-a')).toBe(false);
    }
  });
});
