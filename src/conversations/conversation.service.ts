import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActionService } from '../actions/action.service';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { badField, notFound, notFoundField } from '../common/errors';
import { CommandRunner } from '../idempotency/command-runner';
import { conversationFromRow, ConversationType, RecordConversationInput } from './conversation.types';

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
  ) {}

  async record(user: CurrentUser, input: RecordConversationInput, idempotencyKey: string | null): Promise<string> {
    if (input.heldOn > this.clock.today()) throw badField('heldOn', 'must not be in the future');
    return this.commands.run({ user, operation: 'recordConversation', input, idempotencyKey }, async (manager) => {
      const [child] = await manager.query('SELECT id FROM child WHERE id = $1 AND authority_id = $2', [input.childId, user.authorityId]);
      if (!child) throw notFoundField('childId', 'child');
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
