import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActionService } from '../actions/action.service';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { badField, badInput, FieldProblem, notFound } from '../common/errors';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { CommandRunner } from '../idempotency/command-runner';
import { precheck } from '../workflow/decide';
import { WorkflowService } from '../workflow/workflow.service';
import { coreGroupMeetingMachine } from './core-group-meeting.machine';
import { RecordCoreGroupMeetingInput, ScheduleCoreGroupMeetingInput } from './core-group.types';
import { DriftService, nextMeetingDueBy } from './drift.service';

interface GroupOfPlan {
  id: string;
  plan_id: string;
  child_id: string;
  team_id: string;
  plan_status: string;
  start_date: string;
  first_meeting_due_by: string;
  last_held_on: string | null;
}

/** Core groups: created with their plan, they meet (scheduled, then held or cancelled) and review the plan's actions. */
@Injectable()
export class CoreGroupService {
  constructor(
    private readonly clock: Clock,
    private readonly commands: CommandRunner,
    private readonly workflow: WorkflowService,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly settings: AuthoritySettingsService,
    private readonly actions: ActionService,
    private readonly drift: DriftService,
  ) {}

  async createFor(manager: EntityManager, user: CurrentUser, planId: string, firstMeetingDueBy: string): Promise<string> {
    const [group]: { id: string }[] = await manager.query(
      'INSERT INTO core_group (authority_id, plan_id, first_meeting_due_by) VALUES ($1, $2, $3) RETURNING id',
      [user.authorityId, planId, firstMeetingDueBy],
    );
    await this.audit.append(manager, {
      authorityId: user.authorityId, actorId: user.staffId, entityType: 'CoreGroup', entityId: group.id,
      action: 'CORE_GROUP_CREATED', details: { planId, firstMeetingDueBy },
    });
    return group.id;
  }

  async scheduleMeeting(user: CurrentUser, input: ScheduleCoreGroupMeetingInput, idempotencyKey: string | null): Promise<string> {
    return this.commands.run({ user, operation: 'scheduleCoreGroupMeeting', input, idempotencyKey }, async (manager) => {
      const group = await this.groupOfPlan(manager, user, input.planId);
      this.policy.assertCanWriteForTeam(user, group.team_id, 'scheduleCoreGroupMeeting');
      if (group.plan_status !== 'ACTIVE') throw badField('planId', 'the plan has ended');
      const [open] = await manager.query("SELECT id FROM core_group_meeting WHERE core_group_id = $1 AND status = 'SCHEDULED'", [group.id]);
      if (open) throw badField('planId', `the core group already has a scheduled meeting (${open.id}): record or cancel it first`);
      const { coreGroupIntervalWeeks } = await this.settings.get(user.authorityId, manager);
      const dueBy = nextMeetingDueBy(group.first_meeting_due_by, group.last_held_on, coreGroupIntervalWeeks);
      const [meeting]: { id: string }[] = await manager.query(
        'INSERT INTO core_group_meeting (authority_id, core_group_id, scheduled_for, due_by) VALUES ($1, $2, $3, $4) RETURNING id',
        [user.authorityId, group.id, input.scheduledFor, dueBy],
      );
      await this.workflow.created(manager, coreGroupMeetingMachine, {
        id: meeting.id, authorityId: user.authorityId, actorId: user.staffId,
        details: { planId: group.plan_id, coreGroupId: group.id, scheduledFor: input.scheduledFor.toISOString(), dueBy },
      });
      return meeting.id;
    });
  }

  /** Records a meeting held, with progress against every open plan action and any new actions. */
  async recordMeeting(user: CurrentUser, input: RecordCoreGroupMeetingInput): Promise<string> {
    return this.commands.run({ user, operation: 'recordCoreGroupMeeting', input }, async (manager) => {
      const [meeting]: { id: string; status: string; version: number; due_by: string; core_group_id: string; plan_id: string }[] = await manager.query(
        `SELECT m.*, g.plan_id FROM core_group_meeting m JOIN core_group g ON g.id = m.core_group_id
         WHERE m.id = $1 AND m.authority_id = $2 FOR UPDATE OF m`,
        [input.meetingId, user.authorityId],
      );
      if (!meeting) throw notFound('CoreGroupMeeting', input.meetingId);
      const group = await this.groupOfPlan(manager, user, meeting.plan_id);
      this.policy.assertCanWriteForTeam(user, group.team_id, 'recordCoreGroupMeeting');
      precheck(coreGroupMeetingMachine, meeting, 'hold', input.expectedVersion);
      // A core group belongs to a live plan: once the plan has ended, its meetings are not held.
      if (group.plan_status !== 'ACTIVE') throw badField('meetingId', 'the plan of this core group has ended');
      const problems: FieldProblem[] = [];
      if (input.heldOn > this.clock.today()) problems.push({ field: 'heldOn', message: 'must not be in the future' });
      if (input.heldOn < group.start_date) problems.push({ field: 'heldOn', message: `must not be before the plan started, ${group.start_date}` });
      if (group.last_held_on && input.heldOn < group.last_held_on) problems.push({ field: 'heldOn', message: `must not be before the previous meeting, ${group.last_held_on}` });
      const openActions: { id: string }[] = await manager.query("SELECT id FROM action WHERE plan_id = $1 AND authority_id = $2 AND status = 'OPEN'", [group.plan_id, user.authorityId]);
      problems.push(...progressProblems(input, new Set(openActions.map((a) => a.id))));
      if (problems.length) throw badInput(problems);
      await this.workflow.transition(manager, coreGroupMeetingMachine, {
        id: meeting.id, authorityId: user.authorityId, operation: 'hold', actorId: user.staffId, expectedVersion: input.expectedVersion,
        set: { held_on: input.heldOn },
        details: { heldOn: input.heldOn, dueBy: meeting.due_by, withinTimescale: input.heldOn <= meeting.due_by, progress: input.progress ?? [] },
      });
      for (const p of input.progress ?? []) {
        await manager.query('INSERT INTO action_progress (authority_id, meeting_id, action_id, progress) VALUES ($1, $2, $3, $4)', [user.authorityId, meeting.id, p.actionId, p.progress]);
      }
      await this.actions.createActions(manager, user, {
        source: 'CORE_GROUP', subjectType: 'CoreGroupMeeting', subjectId: meeting.id, childId: group.child_id, planId: group.plan_id,
        agreedOn: input.heldOn, actions: input.actions ?? [], field: 'actions',
      });
      if (input.heldOn > meeting.due_by) await this.drift.alertLateMeeting(manager, user.authorityId, group.plan_id, meeting.due_by, input.heldOn);
      await this.drift.alertChair(manager, user.authorityId, group.plan_id);
      return meeting.id;
    });
  }

  async cancelMeeting(user: CurrentUser, meetingId: string, reason: string, expectedVersion?: number | null): Promise<string> {
    return this.commands.run({ user, operation: 'cancelCoreGroupMeeting', input: { meetingId, reason } }, async (manager) => {
      const [meeting]: { id: string; status: string; version: number; plan_id: string }[] = await manager.query(
        'SELECT m.*, g.plan_id FROM core_group_meeting m JOIN core_group g ON g.id = m.core_group_id WHERE m.id = $1 AND m.authority_id = $2 FOR UPDATE OF m',
        [meetingId, user.authorityId],
      );
      if (!meeting) throw notFound('CoreGroupMeeting', meetingId);
      const group = await this.groupOfPlan(manager, user, meeting.plan_id);
      this.policy.assertCanWriteForTeam(user, group.team_id, 'cancelCoreGroupMeeting');
      await this.workflow.transition(manager, coreGroupMeetingMachine, { id: meeting.id, authorityId: user.authorityId, operation: 'cancel', actorId: user.staffId, expectedVersion, reason });
      return meeting.id;
    });
  }

  /** The plan's core group, locked: one scheduling or recording at a time per core group. */
  private async groupOfPlan(manager: EntityManager, user: CurrentUser, planId: string): Promise<GroupOfPlan> {
    // Lock first, then read in a statement of its own: a meeting recorded by the transaction we
    // waited for must be seen (a subquery here would read the state from before the wait).
    const lockedRows: { id: string }[] = await manager.query('SELECT id FROM core_group WHERE plan_id = $1 AND authority_id = $2 FOR UPDATE', [planId, user.authorityId]);
    if (!lockedRows.length) throw notFound('ChildProtectionPlan', planId);
    const [group]: GroupOfPlan[] = await manager.query(
      `SELECT g.id, g.plan_id, g.first_meeting_due_by, p.child_id, p.status AS plan_status, p.start_date, c.team_id,
              (SELECT max(m.held_on) FROM core_group_meeting m WHERE m.core_group_id = g.id AND m.status = 'HELD') AS last_held_on
       FROM core_group g JOIN child_protection_plan p ON p.id = g.plan_id JOIN child c ON c.id = p.child_id
       WHERE g.id = $1`,
      [lockedRows[0].id],
    );
    if (!group) throw notFound('ChildProtectionPlan', planId);
    return group;
  }
}

/** Progress must name each open plan action exactly once (DOMAIN.md: progress against the plan's actions). */
function progressProblems(input: RecordCoreGroupMeetingInput, open: Set<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  (input.progress ?? []).forEach((p, i) => {
    if (!open.has(p.actionId)) problems.push({ field: `progress.${i}.actionId`, message: 'is not an open action of this plan' });
    else if (seen.has(p.actionId)) problems.push({ field: `progress.${i}.actionId`, message: 'appears more than once' });
    seen.add(p.actionId);
  });
  for (const id of open) if (!seen.has(id)) problems.push({ field: 'progress', message: `has no entry for open action ${id}` });
  return problems;
}
