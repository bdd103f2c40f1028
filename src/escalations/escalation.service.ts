import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActionService } from '../actions/action.service';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, hasRole } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Role } from '../auth/role';
import { Clock } from '../clock/clock';
import { badField, invalidTransition, notFound, notFoundField } from '../common/errors';
import { ConversationService } from '../conversations/conversation.service';
import { DirectoryService } from '../directory/directory.service';
import { ConferenceRepository } from '../conferences/conference.repository';
import { CommandRunner } from '../idempotency/command-runner';
import { InboxAlerts } from '../common/inbox-alerts';
import { WorkflowService } from '../workflow/workflow.service';
import { EscalationStages } from './escalation-stages';
import { escalationMachine } from './escalation.machine';
import {
  EscalationRecord,
  EscalationRepository,
  EscalationStageRecord,
  EscalationWithTeam,
} from './escalation.repository';
import { StageOutcome } from './escalation.entity';
import { LAST_STAGE, RaiseEscalationInput, RespondToEscalationInput } from './escalation.types';

export interface EscalateOptions {
  actorId: string | null;
  reason: string;
  outcome: Extract<StageOutcome, 'ESCALATED' | 'BREACHED_ESCALATED'>;
  expectedVersion?: number | null;
  /** the audit action when not a chair's decision, e.g. ESCALATION_BREACH_ESCALATED */
  action?: string;
  details?: Record<string, unknown>;
}

/** The escalation ladder's commands: raise, acknowledge, respond, resolve, escalate, withdraw. */
@Injectable()
export class EscalationService {
  constructor(
    private readonly clock: Clock,
    private readonly workflow: WorkflowService,
    private readonly commands: CommandRunner,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly actions: ActionService,
    private readonly inbox: InboxAlerts,
    private readonly stages: EscalationStages,
    private readonly conversations: ConversationService,
    private readonly directory: DirectoryService,
    private readonly conferences: ConferenceRepository,
    private readonly escalations: EscalationRepository,
  ) {}

  async raise(user: CurrentUser, input: RaiseEscalationInput, idempotencyKey: string | null): Promise<string> {
    const today = this.clock.today();
    if (input.raisedOn > today) throw badField('raisedOn', 'must not be in the future');
    const stage = input.stage ?? 1;
    return this.commands.run({ user, operation: 'raiseEscalation', input, idempotencyKey }, async (manager) => {
      await this.directory.childOfAuthority(manager, user, input.childId, { field: 'childId' });
      if (input.conversationId)
        await this.conversations.lockForPromotion(manager, user, input.conversationId, input.childId);
      if (input.conferenceId) await this.assertConference(manager, user, input.conferenceId, input.childId);
      const responseDueBy = await this.stages.responseDueBy(manager, user.authorityId, stage, input.raisedOn);
      const to = await this.stages.addressees(
        manager,
        { authorityId: user.authorityId, childId: input.childId },
        stage,
      );
      // The reference comes last (its counter row is locked until commit): a provisional one until then.
      const inserted = await this.escalations.insert(manager, {
        authorityId: user.authorityId,
        reference: `PENDING-${randomUUID()}`,
        childId: input.childId,
        conferenceId: input.conferenceId ?? null,
        conversationId: input.conversationId ?? null,
        raisedById: user.staffId,
        raisedOn: input.raisedOn,
        concern: input.concern,
        summary: input.summary,
        stage,
        responseDueBy,
      });
      await this.stages.insert(manager, inserted, stage, input.raisedOn, responseDueBy, to);
      const reference = await this.assignReference(manager, user.authorityId, inserted.id, input.raisedOn);
      const esc = { ...inserted, reference };
      await this.workflow.created(manager, escalationMachine, {
        id: esc.id,
        authorityId: user.authorityId,
        actorId: user.staffId,
        details: {
          reference,
          childId: input.childId,
          concern: input.concern,
          raisedOn: input.raisedOn,
          stage,
          bypassed: stage > 1,
          responseDueBy,
          conversationId: input.conversationId ?? null,
          conferenceId: input.conferenceId ?? null,
        },
      });
      await this.stages.notifyOpened(manager, esc, stage, responseDueBy, to);
      if (input.conversationId)
        await this.conversations.markPromoted(manager, user, input.conversationId, { id: esc.id, reference });
      return esc.id;
    });
  }

  async acknowledge(user: CurrentUser, id: string, expectedVersion?: number | null): Promise<string> {
    return this.assigneeCommand(user, id, 'acknowledgeEscalation', async (manager, esc) => {
      await this.workflow.transition(manager, escalationMachine, {
        id,
        authorityId: user.authorityId,
        operation: 'acknowledge',
        actorId: user.staffId,
        expectedVersion,
        details: { stage: esc.stage },
      });
      await this.escalations.markAcknowledged(manager, user.authorityId, id, esc.stage, this.clock.now());
    });
  }

  async respond(user: CurrentUser, input: RespondToEscalationInput): Promise<string> {
    const id = input.escalationId;
    return this.assigneeCommand(user, id, 'respondToEscalation', async (manager, esc) => {
      await this.workflow.transition(manager, escalationMachine, {
        id,
        authorityId: user.authorityId,
        operation: 'respond',
        actorId: user.staffId,
        expectedVersion: input.expectedVersion,
        details: { stage: esc.stage, actions: input.actions?.length ?? 0 },
      });
      await this.escalations.markResponded(manager, user.authorityId, id, esc.stage, input.response, this.clock.now());
      await this.actions.createActions(manager, user, {
        source: 'ESCALATION',
        subjectType: 'Escalation',
        subjectId: id,
        childId: esc.childId,
        agreedOn: this.clock.today(),
        actions: input.actions ?? [],
      });
      // Then the chair decides (DOMAIN.md).
      await this.inbox.notify(manager, user.authorityId, [esc.raisedById], {
        kind: 'STAGE_RESPONDED',
        reason: `${esc.reference}: stage ${esc.stage} responded; resolve or escalate`,
        dueBy: this.clock.today(),
        escalationId: id,
        actionId: null,
      });
    });
  }

  async resolve(user: CurrentUser, id: string, note: string | null, expectedVersion?: number | null): Promise<string> {
    return this.chairCommand(user, id, 'resolveEscalation', async (manager, esc) => {
      await this.workflow.transition(manager, escalationMachine, {
        id,
        authorityId: user.authorityId,
        operation: 'resolve',
        actorId: user.staffId,
        expectedVersion,
        reason: note,
        details: { stage: esc.stage },
        set: { closed_on: this.clock.today() },
      });
      await this.stages.close(manager, user.authorityId, id, esc.stage, 'RESOLVED');
    });
  }

  async escalateByChair(
    user: CurrentUser,
    id: string,
    reason: string,
    expectedVersion?: number | null,
  ): Promise<string> {
    return this.chairCommand(user, id, 'escalateToNextStage', (manager, esc) =>
      this.escalate(manager, esc, { actorId: user.staffId, reason, outcome: 'ESCALATED', expectedVersion }),
    );
  }

  async withdraw(user: CurrentUser, id: string, reason: string, expectedVersion?: number | null): Promise<string> {
    return this.chairCommand(user, id, 'withdrawEscalation', async (manager, esc) => {
      await this.workflow.transition(manager, escalationMachine, {
        id,
        authorityId: user.authorityId,
        operation: 'withdraw',
        actorId: user.staffId,
        expectedVersion,
        reason,
        details: { stage: esc.stage },
        set: { closed_on: this.clock.today() },
      });
      await this.stages.close(manager, user.authorityId, id, esc.stage, 'WITHDRAWN');
    });
  }

  /** Closes the current stage and opens the next with a new clock from today. Used by chairs and the sweep. */
  async escalate(manager: EntityManager, esc: EscalationRecord, options: EscalateOptions): Promise<void> {
    if (esc.stage >= LAST_STAGE) throw invalidTransition(esc.status, 'escalate', 'Escalation at stage 4');
    const next = esc.stage + 1;
    const openedOn = this.clock.today();
    const responseDueBy = await this.stages.responseDueBy(manager, esc.authorityId, next, openedOn);
    await this.workflow.transition(manager, escalationMachine, {
      id: esc.id,
      authorityId: esc.authorityId,
      operation: 'escalate',
      actorId: options.actorId,
      expectedVersion: options.expectedVersion,
      reason: options.reason,
      action: options.action,
      details: { fromStage: esc.stage, toStage: next, responseDueBy, ...options.details },
      set: { stage: next, response_due_by: responseDueBy },
    });
    await this.stages.close(manager, esc.authorityId, esc.id, esc.stage, options.outcome);
    await this.stages.open(manager, esc, next, openedOn, responseDueBy);
  }

  /** The escalation, locked for this transaction; another authority's is NOT_FOUND. */
  async lock(manager: EntityManager, user: CurrentUser, id: string): Promise<EscalationWithTeam> {
    const esc = await this.escalations.lock(manager, user.authorityId, id);
    if (!esc) throw notFound('Escalation', id);
    return esc;
  }

  private assigneeCommand(
    user: CurrentUser,
    id: string,
    operation: string,
    effect: (manager: EntityManager, esc: EscalationWithTeam, stage: EscalationStageRecord) => Promise<void>,
  ) {
    return this.commands.run({ user, operation, input: { id } }, async (manager) => {
      const esc = await this.lock(manager, user, id);
      const stage = await this.stages.current(manager, user.authorityId, id, esc.stage);
      if (!stage || !this.stages.isAssignee(user, stage, esc.teamId)) {
        // Names nothing of a record the caller may not read: not its reference, stage or assignee.
        this.policy.deny(user, operation, "the escalation's current stage is not addressed to you");
      }
      await effect(manager, esc, stage);
      return id;
    });
  }

  /** CONTRACT.md: resolving, escalating and withdrawing are for the chair who raised it, unless also ADMIN. */
  private chairCommand(
    user: CurrentUser,
    id: string,
    operation: string,
    effect: (manager: EntityManager, esc: EscalationWithTeam) => Promise<void>,
  ) {
    return this.commands.run({ user, operation, input: { id } }, async (manager) => {
      const esc = await this.lock(manager, user, id);
      if (esc.raisedById !== user.staffId && !hasRole(user, Role.ADMIN))
        this.policy.deny(user, operation, 'the escalation was raised by another chair');
      await effect(manager, esc);
      return id;
    });
  }

  /**
   * ESC-<year>-<nnnn>, the year the escalation was raised (not the day it was entered: one raised on
   * 30 December and recorded on 2 January is of the old year). The counter row is locked until
   * commit, so numbers have no gaps and no twins; it is taken last, just before the audit events
   * are written (which take the authority's chain head until commit too), so one authority's raises
   * queue on it for a few statements, not for the whole command.
   */
  private assignReference(
    manager: EntityManager,
    authorityId: string,
    escalationId: string,
    raisedOn: string,
  ): Promise<string> {
    return this.escalations.assignReference(manager, authorityId, escalationId, Number(raisedOn.slice(0, 4)));
  }

  private async assertConference(
    manager: EntityManager,
    user: CurrentUser,
    conferenceId: string,
    childId: string,
  ): Promise<void> {
    const coversChild = await this.conferences.coversChild(manager, user.authorityId, conferenceId, childId);
    if (coversChild === null) throw notFoundField('conferenceId', 'conference');
    if (!coversChild) throw badField('conferenceId', 'is not a conference about this child');
  }
}
