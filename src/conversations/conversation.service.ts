import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActionService } from '../actions/action.service';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { badField, notFound, notFoundField } from '../common/errors';
import { DirectoryService } from '../directory/directory.service';
import { CommandRunner } from '../idempotency/command-runner';
import { Versioned, WorkflowService } from '../workflow/workflow.service';
import { ConversationRepository } from './conversation.repository';
import { ConversationType, RecordConversationInput } from './conversation.types';

/** Conversations are versioned records with no state machine. */
const CONVERSATION: Versioned = { entity: 'Conversation', table: 'conversation' };

/** Chairs record informal challenge as a conversation with agreed actions (DOMAIN.md). */
@Injectable()
export class ConversationService {
  constructor(
    private readonly clock: Clock,
    private readonly conversations: ConversationRepository,
    private readonly commands: CommandRunner,
    private readonly audit: AuditService,
    private readonly actions: ActionService,
    private readonly policy: PolicyService,
    private readonly workflow: WorkflowService,
    private readonly directory: DirectoryService,
  ) {}

  async record(user: CurrentUser, input: RecordConversationInput, idempotencyKey: string | null): Promise<string> {
    if (input.heldOn > this.clock.today()) throw badField('heldOn', 'must not be in the future');
    return this.commands.run({ user, operation: 'recordConversation', input, idempotencyKey }, async (manager) => {
      await this.directory.childOfAuthority(manager, user, input.childId, { field: 'childId' });
      await this.directory.staffInAuthority(manager, user, input.withStaffId, 'withStaffId');
      const id = await this.conversations.insert(manager, {
        authorityId: user.authorityId,
        chairId: user.staffId,
        withStaffId: input.withStaffId,
        childId: input.childId,
        heldOn: input.heldOn,
        summary: input.summary,
      });
      await this.audit.append(manager, {
        authorityId: user.authorityId,
        actorId: user.staffId,
        entityType: 'Conversation',
        entityId: id,
        action: 'CONVERSATION_RECORDED',
        details: {
          childId: input.childId,
          withStaffId: input.withStaffId,
          heldOn: input.heldOn,
          actions: input.actions?.length ?? 0,
        },
      });
      await this.actions.createActions(manager, user, {
        source: 'CONVERSATION',
        subjectType: 'Conversation',
        subjectId: id,
        childId: input.childId,
        agreedOn: input.heldOn,
        actions: input.actions ?? [],
      });
      return id;
    });
  }

  /** Locks a conversation for promotion to an escalation about `childId`; refuses one already promoted. */
  async lockForPromotion(
    manager: EntityManager,
    user: CurrentUser,
    conversationId: string,
    childId: string,
  ): Promise<void> {
    const c = await this.conversations.lock(manager, user.authorityId, conversationId);
    if (!c) throw notFoundField('conversationId', 'conversation');
    if (c.childId !== childId) throw badField('conversationId', 'is about another child');
    if (c.escalationId) throw badField('conversationId', 'was already promoted to an escalation');
  }

  /** Promotion keeps the link both ways (DOMAIN.md): the conversation records its escalation. */
  async markPromoted(
    manager: EntityManager,
    user: CurrentUser,
    conversationId: string,
    escalation: { id: string; reference: string },
  ): Promise<void> {
    await this.workflow.update(manager, CONVERSATION, {
      id: conversationId,
      authorityId: user.authorityId,
      set: { escalation_id: escalation.id },
      audit: {
        actorId: user.staffId,
        action: 'CONVERSATION_PROMOTED',
        details: { escalationId: escalation.id, reference: escalation.reference },
      },
    });
  }

  /** A conversation the caller may read: team staff see only their own team's children's. */
  async readable(user: CurrentUser, id: string): Promise<ConversationType> {
    const found = await this.conversations.findWithTeam(user.authorityId, id);
    if (!found) throw notFound('Conversation', id);
    const { teamId, ...conversation } = found;
    this.policy.assertCanReadTeam(user, teamId, 'the conversation');
    return conversation;
  }
}
