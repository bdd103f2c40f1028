import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { WorkingCalendar } from '../calendar/working-calendar';
import { BreachPolicy } from './authority.entity';
import { DEFAULT_PROCEDURE_SETTINGS, ProcedureSettings } from './authority-procedure-settings';

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
  conferences: { quorumOtherAgencies: number; reportIcpcWorkingDays: number; reportReviewWorkingDays: number; minutesWorkingDays: number };
  /** issue 14: the pre-birth review interval and the transfer-in clock start (a conference captures them when requested) */
  procedures: ProcedureSettings;
  calendar: WorkingCalendar;
}

/** An authority's procedure settings and its working calendar (bank holidays + closure days). */
@Injectable()
export class AuthoritySettingsService {
  private readonly cache = new Map<string, { at: number; settings: AuthoritySettings }>();

  constructor(private readonly dataSource: DataSource) {}

  async get(authorityId: string, manager?: EntityManager): Promise<AuthoritySettings> {
    const hit = this.cache.get(authorityId);
    if (hit && performance.now() - hit.at < 10_000) return hit.settings;
    const [row] = await (manager ?? this.dataSource).query(
      `SELECT id, code, stage_response_working_days, core_group_interval_weeks, breach_policy, advocate_age_threshold, closure_days::text[] AS closure_days,
              case_audit_roles, case_audit_agreement_working_days,
              quorum_other_agencies, report_to_family_icpc_working_days, report_to_family_review_working_days, minutes_working_days,
              pre_birth_review_working_days, transfer_in_clock_start
       FROM authority WHERE id = $1`,
      [authorityId],
    );
    const settings: AuthoritySettings = {
      id: row.id,
      code: row.code,
      stageResponseWorkingDays: row.stage_response_working_days,
      coreGroupIntervalWeeks: row.core_group_interval_weeks,
      breachPolicy: row.breach_policy,
      advocateAgeThreshold: row.advocate_age_threshold,
      closureDays: row.closure_days ?? [],
      caseAuditRoles: row.case_audit_roles ?? [],
      caseAuditAgreementWorkingDays: row.case_audit_agreement_working_days ?? 5,
      conferences: {
        quorumOtherAgencies: row.quorum_other_agencies ?? 2,
        reportIcpcWorkingDays: row.report_to_family_icpc_working_days ?? 2,
        reportReviewWorkingDays: row.report_to_family_review_working_days ?? 5,
        minutesWorkingDays: row.minutes_working_days ?? 15,
      },
      procedures: {
        preBirthReviewWorkingDays: row.pre_birth_review_working_days ?? DEFAULT_PROCEDURE_SETTINGS.preBirthReviewWorkingDays,
        transferInClockStart: row.transfer_in_clock_start ?? DEFAULT_PROCEDURE_SETTINGS.transferInClockStart,
      },
      calendar: new WorkingCalendar(row.closure_days ?? []),
    };
    this.cache.set(authorityId, { at: performance.now(), settings });
    return settings;
  }

  invalidate(authorityId: string): void {
    this.cache.delete(authorityId);
  }
}
