import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser, hasRole } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Role } from '../auth/role';
import { DirectoryRepository } from '../directory/directory.repository';
import { Clock } from '../clock/clock';
import { badField, badInput, FieldProblem, notFound, DomainError } from '../common/errors';
import { CommandRunner } from '../idempotency/command-runner';
import { WorkflowService } from '../workflow/workflow.service';
import { ActionSource } from './action.entity';
import { actionMachine } from './action.machine';
import { ActionRecord, ActionRepository } from './action.repository';
import { ActionInput, CompleteActionInput } from './action.types';

export interface CreateActionsCommand {
  source: ActionSource;
  /** the record that agreed them, e.g. 'Conversation', 'Escalation', 'CoreGroupMeeting' */
  subjectType: string;
  subjectId: string;
  childId: string;
  planId?: string | null;
  /** the day they were agreed: each dueBy must be on or after it */
  agreedOn: string;
  actions: ActionInput[];
  /** the input field the actions came from, for error paths; default 'actions' */
  field?: string;
}

/** The one action mechanism (DOMAIN.md): creation for every source, and the action's own changes. */
@Injectable()
export class ActionService {
  constructor(
    private readonly clock: Clock,
    private readonly actions: ActionRepository,
    private readonly staff: DirectoryRepository,
    private readonly workflow: WorkflowService,
    private readonly commands: CommandRunner,
    private readonly policy: PolicyService,
  ) {}

  /** Creates the actions in the caller's transaction, one audit event each. Returns their ids in input order. */
  async createActions(manager: EntityManager, user: CurrentUser, cmd: CreateActionsCommand): Promise<string[]> {
    if (!cmd.actions?.length) return [];
    await this.checkActions(manager, user, cmd);
    const ids = await this.actions.insertMany(
      manager,
      cmd.actions.map((a) => ({
        authorityId: user.authorityId,
        source: cmd.source,
        subjectType: cmd.subjectType,
        subjectId: cmd.subjectId,
        childId: cmd.childId,
        planId: cmd.planId ?? null,
        description: a.description,
        ownerId: a.ownerId,
        createdById: user.staffId,
        agreedOn: cmd.agreedOn,
        dueBy: a.dueBy,
      })),
    );
    for (const [i, id] of ids.entries()) {
      const a = cmd.actions[i];
      await this.workflow.created(manager, actionMachine, {
        id,
        authorityId: user.authorityId,
        actorId: user.staffId,
        details: {
          source: cmd.source,
          subjectType: cmd.subjectType,
          subjectId: cmd.subjectId,
          ownerId: a.ownerId,
          dueBy: a.dueBy,
        },
      });
    }
    return ids;
  }

  /** The checks createActions makes (owners of the caller's authority, due dates), also for actions proposed now and created later. */
  async checkActions(
    manager: EntityManager,
    user: CurrentUser,
    cmd: Pick<CreateActionsCommand, 'agreedOn' | 'actions' | 'field'>,
  ): Promise<void> {
    if (!cmd.actions?.length) return;
    const field = cmd.field ?? 'actions';
    const ownerIds = [...new Set(cmd.actions.map((a) => a.ownerId))];
    const known = new Set(await this.staff.staffOfAuthority(manager, user.authorityId, ownerIds));
    const problems: FieldProblem[] = [];
    cmd.actions.forEach((a, i) => {
      if (a.dueBy < cmd.agreedOn)
        problems.push({
          field: `${field}.${i}.dueBy`,
          message: `must be on or after ${cmd.agreedOn}, the day it was agreed`,
        });
    });
    const unknownOwners = cmd.actions.flatMap((a, i) =>
      known.has(a.ownerId)
        ? []
        : [{ field: `${field}.${i}.ownerId`, message: 'is not a member of staff of your authority' }],
    );
    // An owner who is no one in the caller's authority is NOT_FOUND, like any other unknown id.
    if (unknownOwners.length)
      throw new DomainError('NOT_FOUND', 'An action owner is not a member of staff of your authority', {
        fields: unknownOwners,
      });
    if (problems.length) throw badInput(problems);
  }

  async complete(user: CurrentUser, input: CompleteActionInput): Promise<string> {
    if (input.completedOn > this.clock.today()) throw badField('completedOn', 'must not be in the future');
    return this.commands.run({ user, operation: 'completeAction', input }, async (manager) => {
      const action = await this.load(manager, user, input.actionId);
      // The owner completes it; so may the owner's manager (CONTRACT.md).
      if (action.ownerId !== user.staffId && !(await this.managesOwner(manager, user, action.ownerId))) {
        this.policy.deny(user, 'completeAction', "only the action's owner or the owner's manager may complete it");
      }
      if (input.completedOn < action.agreedOn)
        throw badField('completedOn', `must be on or after ${action.agreedOn}, the day it was agreed`);
      await this.workflow.transition(manager, actionMachine, {
        id: action.id,
        authorityId: user.authorityId,
        operation: 'complete',
        actorId: user.staffId,
        expectedVersion: input.expectedVersion,
        set: { completed_on: input.completedOn, outcome: input.outcome },
        details: { completedOn: input.completedOn, onTime: input.completedOn <= action.dueBy },
      });
      return action.id;
    });
  }

  async cancel(user: CurrentUser, actionId: string, reason: string, expectedVersion?: number | null): Promise<string> {
    return this.commands.run({ user, operation: 'cancelAction', input: { actionId, reason } }, async (manager) => {
      const action = await this.load(manager, user, actionId);
      await this.assertMayChange(manager, user, action, 'cancelAction');
      await this.workflow.transition(manager, actionMachine, {
        id: action.id,
        authorityId: user.authorityId,
        operation: 'cancel',
        actorId: user.staffId,
        expectedVersion,
        reason,
        set: { cancel_reason: reason },
      });
      return action.id;
    });
  }

  async changeDueDate(
    user: CurrentUser,
    actionId: string,
    dueBy: string,
    reason: string,
    expectedVersion?: number | null,
  ): Promise<string> {
    return this.commands.run(
      { user, operation: 'changeActionDueDate', input: { actionId, dueBy, reason } },
      async (manager) => {
        const action = await this.load(manager, user, actionId);
        await this.assertMayChange(manager, user, action, 'changeActionDueDate');
        if (dueBy < action.agreedOn)
          throw badField('dueBy', `must be on or after ${action.agreedOn}, the day it was agreed`);
        // A new due date re-arms the overdue alert.
        await this.workflow.transition(manager, actionMachine, {
          id: action.id,
          authorityId: user.authorityId,
          operation: 'changeDueDate',
          actorId: user.staffId,
          expectedVersion,
          reason,
          set: { due_by: dueBy, overdue_alerted: false },
          details: { from: action.dueBy, to: dueBy },
        });
        return action.id;
      },
    );
  }

  /** An action of the caller's authority whose child the caller may see. */
  private async load(manager: EntityManager, user: CurrentUser, id: string): Promise<ActionRecord> {
    const found = await this.actions.findWithTeam(manager, user.authorityId, id);
    if (!found) throw notFound('Action', id);
    if (found.ownerId !== user.staffId) this.policy.assertCanReadTeam(user, found.teamId, 'the action');
    return found;
  }

  /** Cancelling or re-dating: whoever agreed it, the owner's manager, or an admin. */
  private async assertMayChange(
    manager: EntityManager,
    user: CurrentUser,
    action: ActionRecord,
    operation: string,
  ): Promise<void> {
    if (hasRole(user, Role.ADMIN) || action.createdById === user.staffId) return;
    if (await this.managesOwner(manager, user, action.ownerId)) return;
    this.policy.deny(user, operation, "only whoever agreed the action, the owner's manager or an admin may change it");
  }

  /** The owner's team manager or service manager. */
  private managesOwner(manager: EntityManager, user: CurrentUser, ownerId: string): Promise<boolean> {
    return this.staff.manages(manager, user.authorityId, user.staffId, ownerId);
  }
}
