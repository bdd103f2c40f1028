import { Field, ObjectType } from '@nestjs/graphql';
import { ActionType } from '../actions/action.types';
import { GraphQLDate } from '../common/scalars';
import { EscalationType } from '../escalations/escalation.types';

@ObjectType('InboxItem', {
  description: 'Something addressed to the caller now: an escalation stage, an overdue action, an alert.',
})
export class InboxItemType {
  @Field(() => EscalationType, { nullable: true })
  escalation?: EscalationType | null;

  @Field(() => ActionType, { nullable: true })
  action?: ActionType | null;

  @Field(() => String, { description: 'why it is here' })
  reason: string;

  @Field(() => GraphQLDate)
  dueBy: string;

  escalationId: string | null;
  actionId: string | null;
  /** InboxItem.caseAudit is resolved in src/case-audits */
  caseAuditId?: string | null;
  /** InboxItem.conference is resolved in src/conferences (issue 18) */
  conferenceId?: string | null;
}
