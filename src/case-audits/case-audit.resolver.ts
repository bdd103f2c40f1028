import { lazyTotalCount } from '../common/pagination';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ActionLoaders } from '../actions/action.loaders';
import { ActionType } from '../actions/action.types';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { requiredText, TEXT_LIMITS } from '../common/validation';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType, StaffMemberType } from '../directory/directory.types';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { InboxItemType } from '../inbox/inbox.types';
import { CaseAuditStatus } from './case-audit.entity';
import { CaseAuditLoaders } from './case-audit.loaders';
import { CaseAuditQueries } from './case-audit.queries';
import { CaseAuditService } from './case-audit.service';
import {
  CaseAuditConnection,
  CaseAuditProposedActionType,
  CaseAuditStatusEnum,
  CaseAuditType,
  RecordCaseAuditInput,
} from './case-audit.types';

@Resolver(() => CaseAuditType)
export class CaseAuditResolver {
  constructor(
    private readonly commands: CaseAuditService,
    private readonly queries: CaseAuditQueries,
    private readonly loaders: CaseAuditLoaders,
    private readonly directory: DirectoryLoaders,
    private readonly actions: ActionLoaders,
    private readonly audit: AuditHistory,
    private readonly clock: Clock,
  ) {}

  @Query(() => CaseAuditType, { nullable: true })
  caseAudit(@Caller() user: CurrentUser, @Args('id', { type: () => ID }) id: string) {
    return this.queries.readable(user, id);
  }

  @Query(() => CaseAuditConnection, { description: "newest audited first; team staff see only their own team's" })
  caseAudits(
    @Caller() user: CurrentUser,
    @Args('childId', { type: () => ID, nullable: true }) childId: string | null,
    @Args('status', { type: () => CaseAuditStatusEnum, nullable: true }) status: CaseAuditStatus | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('followUpOverdue', {
      type: () => Boolean,
      nullable: true,
      description:
        "true: only audits with an agreed action open past its due date (the auditor's follow-up list); false: only those without",
    })
    followUpOverdue: boolean | null,
  ) {
    return this.queries.list(user, { childId, status, followUpOverdue, today: this.clock.today() }, first, after);
  }

  @Mutation(() => CaseAuditType, {
    description:
      "QA_OFFICER (and roles the authority allows). Records a case audit, addressed to the child's team manager for agreement.",
  })
  async recordCaseAudit(
    @Caller() user: CurrentUser,
    @Args('input') input: RecordCaseAuditInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: object,
  ) {
    return this.loaders.byId(ctx).load(await this.commands.record(user, input, key));
  }

  @Mutation(() => CaseAuditType, {
    description: "the child's team manager agrees the audit; its actions go to their owners",
  })
  async agreeCaseAudit(
    @Caller() user: CurrentUser,
    @Args('caseAuditId', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) v: number | null,
    @Context() ctx: object,
  ) {
    return this.loaders.byId(ctx).load(await this.commands.agree(user, id, v));
  }

  @Mutation(() => CaseAuditType, {
    description: 'the auditor closes it with the impact on the child, once every action is completed or cancelled',
  })
  async closeCaseAudit(
    @Caller() user: CurrentUser,
    @Args('caseAuditId', { type: () => ID }) id: string,
    @Args('impact', { type: () => String }) impact: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) v: number | null,
    @Context() ctx: object,
  ) {
    return this.loaders
      .byId(ctx)
      .load(await this.commands.close(user, id, requiredText('impact', impact, TEXT_LIMITS.summary), v));
  }

  @ResolveField(() => ChildType)
  child(@Parent() a: CaseAuditType, @Context() ctx: object) {
    return this.directory.child(ctx).load(a.childId);
  }

  @ResolveField(() => StaffMemberType)
  auditor(@Parent() a: CaseAuditType, @Context() ctx: object) {
    return this.directory.staff(ctx).load(a.auditorId);
  }

  @ResolveField(() => StaffMemberType, {
    nullable: true,
    description: "the child's team manager, who agrees the actions",
  })
  teamManager(@Parent() a: CaseAuditType, @Context() ctx: object) {
    return a.teamManagerId ? this.directory.staff(ctx).load(a.teamManagerId) : null;
  }

  @ResolveField('actions', () => [ActionType], {
    description: 'the agreed actions (source AUDIT); empty until the team manager agrees',
  })
  actionList(@Parent() a: CaseAuditType, @Context() ctx: object) {
    return this.actions.bySubject(ctx, 'CaseAudit').load(a.id);
  }

  @ResolveField(() => [AuditEventType])
  history(@Parent() a: CaseAuditType, @Context() ctx: object) {
    return this.audit.of(ctx, 'CaseAudit', a.id);
  }
}

@Resolver(() => CaseAuditProposedActionType)
export class CaseAuditProposedActionResolver {
  constructor(private readonly directory: DirectoryLoaders) {}

  @ResolveField(() => StaffMemberType)
  owner(@Parent() a: CaseAuditProposedActionType, @Context() ctx: object) {
    return this.directory.staff(ctx).load(a.ownerId);
  }
}

/** InboxItem.caseAudit: the link from the inbox's type. */
@Resolver(() => InboxItemType)
export class InboxCaseAuditResolver {
  constructor(private readonly loaders: CaseAuditLoaders) {}

  @ResolveField(() => CaseAuditType, { nullable: true })
  caseAudit(@Parent() item: InboxItemType, @Context() ctx: object) {
    return item.caseAuditId ? this.loaders.byId(ctx).load(item.caseAuditId) : null;
  }
}

/** CaseAuditConnection.totalCount: counted only when a client selects it (issue 17). */
export const CaseAuditConnectionResolver = lazyTotalCount(CaseAuditConnection);
