import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActionRepository } from '../actions/action.repository';
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
import { CoreGroupRepository, GroupOfPlanRecord } from './core-group.repository';

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
    private readonly actionRecords: ActionRepository,
    private readonly groups: CoreGroupRepository,
  ) {}

  async createFor(
    manager: EntityManager,
    user: CurrentUser,
    planId: string,
    firstMeetingDueBy: string,
  ): Promise<string> {
    const groupId = await this.groups.insertGroup(manager, {
      authorityId: user.authorityId,
      planId,
      firstMeetingDueBy,
    });
    await this.audit.append(manager, {
      authorityId: user.authorityId,
      actorId: user.staffId,
      entityType: 'CoreGroup',
      entityId: groupId,
      action: 'CORE_GROUP_CREATED',
      details: { planId, firstMeetingDueBy },
    });
    return groupId;
  }

  async scheduleMeeting(
    user: CurrentUser,
    input: ScheduleCoreGroupMeetingInput,
    idempotencyKey: string | null,
  ): Promise<string> {
    return this.commands.run(
      { user, operation: 'scheduleCoreGroupMeeting', input, idempotencyKey },
      async (manager) => {
        const group = await this.groupOfPlan(manager, user, input.planId);
        this.policy.assertCanWriteForTeam(user, group.teamId, 'scheduleCoreGroupMeeting');
        if (group.planStatus !== 'ACTIVE') throw badField('planId', 'the plan has ended');
        const open = await this.groups.scheduledMeetingOf(manager, user.authorityId, group.id);
        if (open)
          throw badField(
            'planId',
            `the core group already has a scheduled meeting (${open}): record or cancel it first`,
          );
        const { coreGroupIntervalWeeks } = await this.settings.get(user.authorityId, manager);
        const dueBy = nextMeetingDueBy(group.firstMeetingDueBy, group.lastHeldOn, coreGroupIntervalWeeks);
        const meetingId = await this.groups.insertMeeting(manager, {
          authorityId: user.authorityId,
          coreGroupId: group.id,
          scheduledFor: input.scheduledFor,
          dueBy,
        });
        await this.workflow.created(manager, coreGroupMeetingMachine, {
          id: meetingId,
          authorityId: user.authorityId,
          actorId: user.staffId,
          details: {
            planId: group.planId,
            coreGroupId: group.id,
            scheduledFor: input.scheduledFor.toISOString(),
            dueBy,
          },
        });
        return meetingId;
      },
    );
  }

  /** Records a meeting held, with progress against every open plan action and any new actions. */
  async recordMeeting(user: CurrentUser, input: RecordCoreGroupMeetingInput): Promise<string> {
    return this.commands.run({ user, operation: 'recordCoreGroupMeeting', input }, async (manager) => {
      const meeting = await this.groups.lockMeeting(manager, user.authorityId, input.meetingId);
      if (!meeting) throw notFound('CoreGroupMeeting', input.meetingId);
      const group = await this.groupOfPlan(manager, user, meeting.planId);
      this.policy.assertCanWriteForTeam(user, group.teamId, 'recordCoreGroupMeeting');
      precheck(coreGroupMeetingMachine, meeting, 'hold', input.expectedVersion);
      // A core group belongs to a live plan: once the plan has ended, its meetings are not held.
      if (group.planStatus !== 'ACTIVE') throw badField('meetingId', 'the plan of this core group has ended');
      const problems: FieldProblem[] = [];
      if (input.heldOn > this.clock.today()) problems.push({ field: 'heldOn', message: 'must not be in the future' });
      if (input.heldOn < group.startDate)
        problems.push({ field: 'heldOn', message: `must not be before the plan started, ${group.startDate}` });
      if (group.lastHeldOn && input.heldOn < group.lastHeldOn)
        problems.push({ field: 'heldOn', message: `must not be before the previous meeting, ${group.lastHeldOn}` });
      const openActions = await this.actionRecords.openIdsOfPlan(manager, user.authorityId, group.planId);
      problems.push(...progressProblems(input, new Set(openActions)));
      if (problems.length) throw badInput(problems);
      await this.workflow.transition(manager, coreGroupMeetingMachine, {
        id: meeting.id,
        authorityId: user.authorityId,
        operation: 'hold',
        actorId: user.staffId,
        expectedVersion: input.expectedVersion,
        set: { held_on: input.heldOn },
        details: {
          heldOn: input.heldOn,
          dueBy: meeting.dueBy,
          withinTimescale: input.heldOn <= meeting.dueBy,
          progress: input.progress ?? [],
        },
      });
      for (const p of input.progress ?? []) {
        await this.groups.insertProgress(manager, {
          authorityId: user.authorityId,
          meetingId: meeting.id,
          actionId: p.actionId,
          progress: p.progress,
        });
      }
      await this.actions.createActions(manager, user, {
        source: 'CORE_GROUP',
        subjectType: 'CoreGroupMeeting',
        subjectId: meeting.id,
        childId: group.childId,
        planId: group.planId,
        agreedOn: input.heldOn,
        actions: input.actions ?? [],
        field: 'actions',
      });
      if (input.heldOn > meeting.dueBy)
        await this.drift.alertLateMeeting(manager, user.authorityId, group.planId, meeting.dueBy, input.heldOn);
      await this.drift.alertChair(manager, user.authorityId, group.planId);
      return meeting.id;
    });
  }

  async cancelMeeting(
    user: CurrentUser,
    meetingId: string,
    reason: string,
    expectedVersion?: number | null,
  ): Promise<string> {
    return this.commands.run(
      { user, operation: 'cancelCoreGroupMeeting', input: { meetingId, reason } },
      async (manager) => {
        const meeting = await this.groups.lockMeeting(manager, user.authorityId, meetingId);
        if (!meeting) throw notFound('CoreGroupMeeting', meetingId);
        const group = await this.groupOfPlan(manager, user, meeting.planId);
        this.policy.assertCanWriteForTeam(user, group.teamId, 'cancelCoreGroupMeeting');
        await this.workflow.transition(manager, coreGroupMeetingMachine, {
          id: meeting.id,
          authorityId: user.authorityId,
          operation: 'cancel',
          actorId: user.staffId,
          expectedVersion,
          reason,
        });
        return meeting.id;
      },
    );
  }

  /** The plan's core group, locked: one scheduling or recording at a time per core group. */
  private async groupOfPlan(manager: EntityManager, user: CurrentUser, planId: string): Promise<GroupOfPlanRecord> {
    const group = await this.groups.lockGroupOfPlan(manager, user.authorityId, planId);
    if (!group) throw notFound('ChildProtectionPlan', planId);
    return group;
  }
}

/** Progress must name each open plan action exactly once (DOMAIN.md: progress against the plan's actions). */
function progressProblems(input: RecordCoreGroupMeetingInput, open: Set<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  (input.progress ?? []).forEach((p, i) => {
    if (!open.has(p.actionId))
      problems.push({ field: `progress.${i}.actionId`, message: 'is not an open action of this plan' });
    else if (seen.has(p.actionId))
      problems.push({ field: `progress.${i}.actionId`, message: 'appears more than once' });
    seen.add(p.actionId);
  });
  for (const id of open)
    if (!seen.has(id)) problems.push({ field: 'progress', message: `has no entry for open action ${id}` });
  return problems;
}
