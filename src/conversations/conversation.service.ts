import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ActionService } from '../actions/action.service';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { badField, notFound, notFoundField } from '../common/errors';
import { DirectoryService } from '../directory/directory.service';
import { CommandRunner } from '../idempotency/command-runner';
import { Versioned, WorkflowService } from '../workflow/workflow.service';
import { conversationFromRow, ConversationType, RecordConversationInput } from './conversation.types';

/** Conversations are versioned records with no state machine. */
const CONVERSATION: Versioned = { entity: 'Conversation', table: 'conversation' };

/** Chairs record informal challenge as a conversation with agreed actions (DOMAIN.md). */
@Injectable()
export class ConversationService {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
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
      const [staff] = await manager.query('SELECT id FROM staff_member WHERE id = $1 AND authority_id = $2', [input.withStaffId, user.authorityId]);
      if (!staff) throw notFoundField('withStaffId', 'member of staff');
      const [row] = await manager.query(
        'INSERT INTO conversation (authority_id, chair_id, with_staff_id, child_id, held_on, summary) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [user.authorityId, user.staffId, input.withStaffId, input.childId, input.heldOn, input.summary],
      );
      await this.audit.append(manager, {
        authorityId: user.authorityId, actorId: user.staffId, entityType: 'Conversation', entityId: row.id, action: 'CONVERSATION_RECORDED',
        details: { childId: input.childId, withStaffId: input.withStaffId, heldOn: input.heldOn, actions: input.actions?.length ?? 0 },
      });
      await this.actions.createActions(manager, user, { source: 'CONVERSATION', subjectType: 'Conversation', subjectId: row.id, childId: input.childId, agreedOn: input.heldOn, actions: input.actions ?? [] });
      return row.id;
    });
  }

  /** Locks a conversation for promotion to an escalation about `childId`; refuses one already promoted. */
  async lockForPromotion(manager: EntityManager, user: CurrentUser, conversationId: string, childId: string): Promise<void> {
    const [c]: { child_id: string; escalation_id: string | null }[] = await manager.query(
      'SELECT child_id, escalation_id FROM conversation WHERE id = $1 AND authority_id = $2 FOR UPDATE',
      [conversationId, user.authorityId],
    );
    if (!c) throw notFoundField('conversationId', 'conversation');
    if (c.child_id !== childId) throw badField('conversationId', 'is about another child');
    if (c.escalation_id) throw badField('conversationId', 'was already promoted to an escalation');
  }

  /** Promotion keeps the link both ways (DOMAIN.md): the conversation records its escalation. */
  async markPromoted(manager: EntityManager, user: CurrentUser, conversationId: string, escalation: { id: string; reference: string }): Promise<void> {
    await this.workflow.update(manager, CONVERSATION, {
      id: conversationId, authorityId: user.authorityId, set: { escalation_id: escalation.id },
      audit: { actorId: user.staffId, action: 'CONVERSATION_PROMOTED', details: { escalationId: escalation.id, reference: escalation.reference } },
    });
  }

  /** A conversation the caller may read: team staff see only their own team's children's. */
  async readable(user: CurrentUser, id: string): Promise<ConversationType> {
    const [row] = await this.dataSource.query(
      'SELECT v.*, c.team_id FROM conversation v JOIN child c ON c.id = v.child_id WHERE v.id = $1 AND v.authority_id = $2',
      [id, user.authorityId],
    );
    if (!row) throw notFound('Conversation', id);
    this.policy.assertCanReadTeam(user, row.team_id, 'the conversation');
    return conversationFromRow(row);
  }
}
