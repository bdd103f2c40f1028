import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { badField, badInput } from '../common/errors';
import { CommandRunner } from '../idempotency/command-runner';
import { ProcedureSettings, procedureSettingsProblems, TransferInClockStart } from './authority-procedure-settings';
import { AuthoritySettingsService } from './authority-settings.service';
import { DirectoryRepository } from './directory.repository';
import { UpdateAuthorityProcedureSettingsInput } from './authority-procedure-settings.types';

export const PROCEDURE_SETTINGS_CHANGED = 'AUTHORITY_PROCEDURE_SETTINGS_CHANGED';

/**
 * Issue 14: the authority's pre-birth review interval and transfer-in clock start, changed by ADMIN.
 * Conferences capture them when requested (ConferenceService), so a change moves no existing date.
 */
@Injectable()
export class AuthorityProcedureSettingsService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly audit: AuditService,
    private readonly settings: AuthoritySettingsService,
    private readonly directory: DirectoryRepository,
  ) {}

  async read(user: CurrentUser): Promise<ProcedureSettings> {
    return (await this.settings.get(user.authorityId)).procedures;
  }

  /** Changes the given settings; one audit event with each changed value's from and to (none when nothing changes). */
  async update(
    user: CurrentUser,
    input: UpdateAuthorityProcedureSettingsInput,
    idempotencyKey: string | null,
  ): Promise<string> {
    const change: Partial<ProcedureSettings> = {};
    if (input.preBirthReviewWorkingDays != null) change.preBirthReviewWorkingDays = input.preBirthReviewWorkingDays;
    if (input.transferInClockStart != null)
      change.transferInClockStart = input.transferInClockStart as TransferInClockStart;
    if (!Object.keys(change).length)
      throw badField('input', 'must change preBirthReviewWorkingDays or transferInClockStart');
    const problems = procedureSettingsProblems(change);
    if (problems.length) throw badInput(problems);
    try {
      return await this.commands.run(
        { user, operation: 'updateAuthorityProcedureSettings', input: change, idempotencyKey },
        async (manager) => {
          await this.apply(manager, user, change);
          return user.authorityId;
        },
      );
    } finally {
      // After the commit too: a read between the update and the commit must not keep the old values cached.
      this.settings.invalidate(user.authorityId);
    }
  }

  private async apply(manager: EntityManager, user: CurrentUser, change: Partial<ProcedureSettings>): Promise<void> {
    const before = await this.directory.lockProcedureSettings(manager, user.authorityId);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(change) as (keyof ProcedureSettings)[]) {
      if (change[key] !== before[key]) changed[key] = { from: before[key], to: change[key] };
    }
    if (!Object.keys(changed).length) return;
    const after = { ...before, ...change };
    await this.directory.updateProcedureSettings(manager, user.authorityId, after);
    await this.audit.append(manager, {
      authorityId: user.authorityId,
      actorId: user.staffId,
      entityType: 'Authority',
      entityId: user.authorityId,
      action: PROCEDURE_SETTINGS_CHANGED,
      reason: 'applies to conferences requested from now on',
      details: changed,
    });
    this.settings.invalidate(user.authorityId);
  }
}
