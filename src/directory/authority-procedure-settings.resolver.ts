import { Args, Context, Mutation, Query, ResolveField, Parent, Resolver } from '@nestjs/graphql';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { ProcedureSettings } from './authority-procedure-settings';
import { AuthorityProcedureSettingsService, PROCEDURE_SETTINGS_CHANGED } from './authority-procedure-settings.service';
import {
  AuthorityProcedureSettingsType,
  TransferInClockStartEnum,
  UpdateAuthorityProcedureSettingsInput,
} from './authority-procedure-settings.types';

const toType = (authorityId: string, s: ProcedureSettings): AuthorityProcedureSettingsType => ({
  authorityId,
  preBirthReviewWorkingDays: s.preBirthReviewWorkingDays,
  transferInClockStart: s.transferInClockStart as TransferInClockStartEnum,
});

@Resolver(() => AuthorityProcedureSettingsType)
export class AuthorityProcedureSettingsResolver {
  constructor(
    private readonly procedures: AuthorityProcedureSettingsService,
    private readonly audit: AuditHistory,
  ) {}

  @Query(() => AuthorityProcedureSettingsType, {
    description: "the caller's authority's pre-birth review interval and transfer-in clock start",
  })
  async authorityProcedureSettings(@Caller() user: CurrentUser): Promise<AuthorityProcedureSettingsType> {
    return toType(user.authorityId, await this.procedures.read(user));
  }

  @Mutation(() => AuthorityProcedureSettingsType, {
    description:
      'ADMIN. Changes the pre-birth review interval and/or the transfer-in clock start; audited (from and to). Applies to conferences requested afterwards: existing conferences and plans keep their dates.',
  })
  async updateAuthorityProcedureSettings(
    @Caller() user: CurrentUser,
    @Args('input') input: UpdateAuthorityProcedureSettingsInput,
    @IdempotencyKeyHeader() key: string | null,
  ): Promise<AuthorityProcedureSettingsType> {
    await this.procedures.update(user, input, key);
    return toType(user.authorityId, await this.procedures.read(user));
  }

  @ResolveField(() => [AuditEventType], {
    description:
      'the changes of these settings (AUTHORITY_PROCEDURE_SETTINGS_CHANGED, details: each changed value from and to), oldest first',
  })
  async history(@Parent() settings: AuthorityProcedureSettingsType, @Context() ctx: { user?: CurrentUser }) {
    return (await this.audit.of(ctx, 'Authority', settings.authorityId)).filter(
      (e) => e.action === PROCEDURE_SETTINGS_CHANGED,
    );
  }
}
