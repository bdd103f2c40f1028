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
import { CommandRunner } from '../idempotency/command-runner';
import { InboxAlerts } from '../common/inbox-alerts';
import { WorkflowService } from '../workflow/workflow.service';
import { EscalationStages, StageRow } from './escalation-stages';
import { escalationMachine } from './escalation.machine';
import { EscalationRow, LAST_STAGE, RaiseEscalationInput, RespondToEscalationInput } from './escalation.types';

export interface EscalateOptions {
  actorId: string | null;
  reason: string;
  outcome: 'ESCALATED' | 'BREACHED_ESCALATED';
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
  ) {}

  async raise(user: CurrentUser, input: RaiseEscalationInput, idempotencyKey: string | null): Promise<string> {
    const today = this.clock.today();
    if (input.raisedOn > today) throw badField('raisedOn', 'must not be in the future');
    const stage = input.stage ?? 1;
    return this.commands.run({ user, operation: 'raiseEscalation', input, idempotencyKey }, async (manager) => {
      await this.directory.childOfAuthority(manager, user, input.childId, { field: 'childId' });
      if (input.conversationId) await this.conversations.lockForPromotion(manager, user, input.conversationId, input.childId);
      if (input.conferenceId) await this.assertConference(manager, user, input.conferenceId, input.childId);
      const reference = await this.nextReference(manager, user.authorityId, input.raisedOn);
      const responseDueBy = await this.stages.responseDueBy(manager, user.authorityId, stage, input.raisedOn);
      const [row] = await manager.query(
        `INSERT INTO escalation (authority_id, reference, child_id, conference_id, conversation_id, raised_by_id, raised_on, concern, summary, stage, response_due_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, authority_id, child_id, reference`,
        [user.authorityId, reference, input.childId, input.conferenceId ?? null, input.conversationId ?? null, user.staffId, input.raisedOn, input.concern, input.summary, stage, responseDueBy],
      );
      await this.workflow.created(manager, escalationMachine, {
        id: row.id, authorityId: user.authorityId, actorId: user.staffId,
        details: { reference, childId: input.childId, concern: input.concern, raisedOn: input.raisedOn, stage, bypassed: stage > 1, responseDueBy, conversationId: input.conversationId ?? null, conferenceId: input.conferenceId ?? null },
      });
      await this.stages.open(manager, row, stage, input.raisedOn, responseDueBy);
      if (input.conversationId) await this.conversations.markPromoted(manager, user, input.conversationId, { id: row.id, reference });
      return row.id;
    });
  }

  async acknowledge(user: CurrentUser, id: string, expectedVersion?: number | null): Promise<string> {
    return this.assigneeCommand(user, id, 'acknowledgeEscalation', async (manager, esc) => {
      await this.workflow.transition(manager, escalationMachine, { id, authorityId: user.authorityId, operation: 'acknowledge', actorId: user.staffId, expectedVersion, details: { stage: esc.stage } });
      await manager.query('UPDATE escalation_stage SET acknowledged_at = $3 WHERE escalation_id = $1 AND stage = $2', [id, esc.stage, this.clock.now()]);
    });
  }

  async respond(user: CurrentUser, input: RespondToEscalationInput): Promise<string> {
    const id = input.escalationId;
    return this.assigneeCommand(user, id, 'respondToEscalation', async (manager, esc) => {
      await this.workflow.transition(manager, escalationMachine, { id, authorityId: user.authorityId, operation: 'respond', actorId: user.staffId, expectedVersion: input.expectedVersion, details: { stage: esc.stage, actions: input.actions?.length ?? 0 } });
      await manager.query('UPDATE escalation_stage SET responded_at = $4, response = $3, acknowledged_at = coalesce(acknowledged_at, $4) WHERE escalation_id = $1 AND stage = $2', [id, esc.stage, input.response, this.clock.now()]);
      await this.actions.createActions(manager, user, { source: 'ESCALATION', subjectType: 'Escalation', subjectId: id, childId: esc.child_id, agreedOn: this.clock.today(), actions: input.actions ?? [] });
      // Then the chair decides (DOMAIN.md).
      await this.inbox.notify(manager, user.authorityId, [esc.raised_by_id], { kind: 'STAGE_RESPONDED', reason: `${esc.reference}: stage ${esc.stage} responded; resolve or escalate`, dueBy: this.clock.today(), escalationId: id, actionId: null });
    });
  }

  async resolve(user: CurrentUser, id: string, note: string | null, expectedVersion?: number | null): Promise<string> {
    return this.chairCommand(user, id, 'resolveEscalation', async (manager, esc) => {
      await this.workflow.transition(manager, escalationMachine, { id, authorityId: user.authorityId, operation: 'resolve', actorId: user.staffId, expectedVersion, reason: note, details: { stage: esc.stage }, set: { closed_on: this.clock.today() } });
      await this.stages.close(manager, id, esc.stage, 'RESOLVED');
    });
  }

  async escalateByChair(user: CurrentUser, id: string, reason: string, expectedVersion?: number | null): Promise<string> {
    return this.chairCommand(user, id, 'escalateToNextStage', (manager, esc) => this.escalate(manager, esc, { actorId: user.staffId, reason, outcome: 'ESCALATED', expectedVersion }));
  }

  async withdraw(user: CurrentUser, id: string, reason: string, expectedVersion?: number | null): Promise<string> {
    return this.chairCommand(user, id, 'withdrawEscalation', async (manager, esc) => {
      await this.workflow.transition(manager, escalationMachine, { id, authorityId: user.authorityId, operation: 'withdraw', actorId: user.staffId, expectedVersion, reason, details: { stage: esc.stage }, set: { closed_on: this.clock.today() } });
      await this.stages.close(manager, id, esc.stage, 'WITHDRAWN');
    });
  }

  /** Closes the current stage and opens the next with a new clock from today. Used by chairs and the sweep. */
  async escalate(manager: EntityManager, esc: EscalationRow, options: EscalateOptions): Promise<void> {
    if (esc.stage >= LAST_STAGE) throw invalidTransition(esc.status, 'escalate', 'Escalation at stage 4');
    const next = esc.stage + 1;
    const openedOn = this.clock.today();
    const responseDueBy = await this.stages.responseDueBy(manager, esc.authority_id, next, openedOn);
    await this.workflow.transition(manager, escalationMachine, {
      id: esc.id, authorityId: esc.authority_id, operation: 'escalate', actorId: options.actorId, expectedVersion: options.expectedVersion,
      reason: options.reason, action: options.action,
      details: { fromStage: esc.stage, toStage: next, responseDueBy, ...options.details },
      set: { stage: next, response_due_by: responseDueBy },
    });
    await this.stages.close(manager, esc.id, esc.stage, options.outcome);
    await this.stages.open(manager, esc, next, openedOn, responseDueBy);
  }

  /** The escalation, locked for this transaction; another authority's is NOT_FOUND. */
  async lock(manager: EntityManager, user: CurrentUser, id: string): Promise<EscalationRow> {
    const [row] = await manager.query(
      'SELECT e.*, c.team_id FROM escalation e JOIN child c ON c.id = e.child_id WHERE e.id = $1 AND e.authority_id = $2 FOR UPDATE OF e',
      [id, user.authorityId],
    );
    if (!row) throw notFound('Escalation', id);
    return row;
  }

  private assigneeCommand(user: CurrentUser, id: string, operation: string, effect: (manager: EntityManager, esc: EscalationRow, stage: StageRow) => Promise<void>) {
    return this.commands.run({ user, operation, input: { id } }, async (manager) => {
      const esc = await this.lock(manager, user, id);
      const stage = await this.stages.current(manager, id, esc.stage);
      if (!stage || !this.stages.isAssignee(user, stage, esc.team_id)) {
        // Names nothing of a record the caller may not read: not its reference, stage or assignee.
        this.policy.deny(user, operation, "the escalation's current stage is not addressed to you");
      }
      await effect(manager, esc, stage);
      return id;
    });
  }

  /** CONTRACT.md: resolving, escalating and withdrawing are for the chair who raised it, unless also ADMIN. */
  private chairCommand(user: CurrentUser, id: string, operation: string, effect: (manager: EntityManager, esc: EscalationRow) => Promise<void>) {
    return this.commands.run({ user, operation, input: { id } }, async (manager) => {
      const esc = await this.lock(manager, user, id);
      if (esc.raised_by_id !== user.staffId && !hasRole(user, Role.ADMIN)) this.policy.deny(user, operation, 'the escalation was raised by another chair');
      await effect(manager, esc);
      return id;
    });
  }

  /**
   * ESC-<year>-<nnnn>, the year the escalation was raised (not the day it was entered: one raised on
   * 30 December and recorded on 2 January is of the old year). The counter row is locked until
   * commit, so numbers have no gaps and no twins.
   */
  private async nextReference(manager: EntityManager, authorityId: string, raisedOn: string): Promise<string> {
    const year = Number(raisedOn.slice(0, 4));
    const [row]: { last_number: number }[] = await manager.query(
      `INSERT INTO escalation_reference_counter (authority_id, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (authority_id, year) DO UPDATE SET last_number = escalation_reference_counter.last_number + 1 RETURNING last_number`,
      [authorityId, year],
    );
    return `ESC-${year}-${String(row.last_number).padStart(4, '0')}`;
  }

  private async assertConference(manager: EntityManager, user: CurrentUser, conferenceId: string, childId: string): Promise<void> {
    const [conference] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM conference_child cc WHERE cc.conference_id = f.id AND cc.child_id = $3) AS covers_child
       FROM conference f WHERE f.id = $1 AND f.authority_id = $2`,
      [conferenceId, user.authorityId, childId],
    );
    if (!conference) throw notFoundField('conferenceId', 'conference');
    if (!conference.covers_child) throw badField('conferenceId', 'is not a conference about this child');
  }
}
