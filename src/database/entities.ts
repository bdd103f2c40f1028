import { AdvocateOffer } from '../advocacy/advocate-offer.entity';
import { AuditChainHead, AuditEvent } from '../audit/audit-event.entity';
import { Authority } from '../directory/authority.entity';
import { Child } from '../directory/child.entity';
import { StaffMember } from '../directory/staff-member.entity';
import { Team } from '../directory/team.entity';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';

/** Every entity of the service, in one list for the app, the scripts and the tests. One per line. */
export const ENTITIES: Function[] = [
  Authority,
  StaffMember,
  Team,
  Child,
  AuditEvent,
  AuditChainHead,
  IdempotencyKey,
  OutboxMessage,
  AdvocateOffer,
];
