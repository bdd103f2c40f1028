import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { GraphQLDateTime, JSONScalar } from '../common/scalars';
import { PageInfo } from '../common/pagination';

@ObjectType('AuditEvent', { description: "One link of the authority's append-only, hash-chained history." })
export class AuditEventType {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: "position in the authority's chain, from 1" })
  sequence: number;

  @Field(() => GraphQLDateTime)
  at: Date;

  actorId: string | null;

  @Field(() => String)
  entityType: string;

  @Field(() => ID)
  entityId: string;

  @Field(() => String, { description: 'the transition or operation, e.g. ESCALATION_RAISED' })
  action: string;

  @Field(() => String, { nullable: true })
  fromStatus: string | null;

  @Field(() => String, { nullable: true })
  toStatus: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => JSONScalar, { nullable: true })
  details: unknown;

  @Field(() => String, { description: 'SHA-256 over the canonical event, previousHash included' })
  hash: string;

  @Field(() => String, { nullable: true })
  previousHash: string | null;
}

@ObjectType('AuditEventEdge')
export class AuditEventEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => AuditEventType)
  node: AuditEventType;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnection {
  @Field(() => [AuditEventEdge])
  edges: AuditEventEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true })
  entityType?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  entityId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  actorId?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  from?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  to?: Date | null;
}

@ObjectType('AuditChainVerification')
export class AuditChainVerification {
  @Field(() => Boolean)
  valid: boolean;

  @Field(() => Int)
  eventsChecked: number;

  @Field(() => Int, { nullable: true, description: 'sequence of the first event that does not verify' })
  firstInvalidSequence: number | null;
}
