import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { WorkingCalendar } from '../calendar/working-calendar';
import { BreachPolicy } from './authority.entity';
import { DEFAULT_PROCEDURE_SETTINGS, ProcedureSettings } from './authority-procedure-settings';
import { DirectoryRepository } from './directory.repository';

export interface AuthoritySettings {
  id: string;
  code: string;
  stageResponseWorkingDays: number[];
  coreGroupIntervalWeeks: number;
  breachPolicy: BreachPolicy;
  advocateAgeThreshold: number;
  closureDays: string[];
  /** besides QA_OFFICER, the roles that may record case audits */
  caseAuditRoles: string[];
  caseAuditAgreementWorkingDays: number;
  /** issue 18: quorum, report to the family and minutes (working days) */
  conferences: {
    quorumOtherAgencies: number;
    reportIcpcWorkingDays: number;
    reportReviewWorkingDays: number;
    minutesWorkingDays: number;
  };
  /** issue 14: the pre-birth review interval and the transfer-in clock start (a conference captures them when requested) */
  procedures: ProcedureSettings;
  calendar: WorkingCalendar;
}

/** An authority's procedure settings and its working calendar (bank holidays + closure days). */
@Injectable()
export class AuthoritySettingsService {
  private readonly cache = new Map<string, { at: number; settings: AuthoritySettings }>();

  constructor(private readonly directory: DirectoryRepository) {}

  async get(authorityId: string, manager?: EntityManager): Promise<AuthoritySettings> {
    const hit = this.cache.get(authorityId);
    if (hit && performance.now() - hit.at < 10_000) return hit.settings;
    const row = await this.directory.authoritySettings(manager, authorityId);
    if (!row) throw new Error('no such authority');
    const settings: AuthoritySettings = {
      id: row.id,
      code: row.code,
      stageResponseWorkingDays: row.stageResponseWorkingDays,
      coreGroupIntervalWeeks: row.coreGroupIntervalWeeks,
      breachPolicy: row.breachPolicy,
      advocateAgeThreshold: row.advocateAgeThreshold,
      closureDays: row.closureDays ?? [],
      caseAuditRoles: row.caseAuditRoles ?? [],
      caseAuditAgreementWorkingDays: row.caseAuditAgreementWorkingDays ?? 5,
      conferences: {
        quorumOtherAgencies: row.quorumOtherAgencies ?? 2,
        reportIcpcWorkingDays: row.reportToFamilyIcpcWorkingDays ?? 2,
        reportReviewWorkingDays: row.reportToFamilyReviewWorkingDays ?? 5,
        minutesWorkingDays: row.minutesWorkingDays ?? 15,
      },
      procedures: {
        preBirthReviewWorkingDays:
          row.preBirthReviewWorkingDays ?? DEFAULT_PROCEDURE_SETTINGS.preBirthReviewWorkingDays,
        transferInClockStart: row.transferInClockStart ?? DEFAULT_PROCEDURE_SETTINGS.transferInClockStart,
      },
      calendar: new WorkingCalendar(row.closureDays ?? []),
    };
    this.cache.set(authorityId, { at: performance.now(), settings });
    return settings;
  }

  invalidate(authorityId: string): void {
    this.cache.delete(authorityId);
  }
}
