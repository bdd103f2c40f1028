import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type BreachPolicy = 'AUTO_ESCALATE' | 'ALERT_CHAIR';

/** A local authority: the tenant. Its procedures' settings live here, with DOMAIN.md's defaults. */
@Entity()
@Check('CHK_authority_pre_birth_review_working_days', '"pre_birth_review_working_days" BETWEEN 1 AND 65')
@Check('CHK_authority_transfer_in_clock_start', `"transfer_in_clock_start" IN ('NOTIFICATION', 'REFERRAL_ACCEPTED')`)
export class Authority {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'int', array: true, default: () => "'{5,5,5,5}'" })
  stageResponseWorkingDays: number[];

  @Column({ type: 'int', default: 4 })
  coreGroupIntervalWeeks: number;

  @Column({ type: 'text', default: 'AUTO_ESCALATE' })
  breachPolicy: BreachPolicy;

  @Column({ type: 'int', default: 5 })
  advocateAgeThreshold: number;

  @Column({ type: 'date', array: true, default: () => "'{}'" })
  closureDays: string[];

  /** besides QA_OFFICER, the roles that may record case audits (issue 15) */
  @Column({ type: 'text', array: true, default: () => "'{CHAIR,SERVICE_MANAGER,HEAD_OF_SERVICE}'" })
  caseAuditRoles: string[];

  /** working days the child's team manager has to agree a case audit */
  @Column({ type: 'int', default: 5 })
  caseAuditAgreementWorkingDays: number;

  /** issue 18: agencies besides children's social care a quorate conference needs */
  @Column({ type: 'int', default: 2 })
  quorumOtherAgencies: number;

  /** working days before an ICPC (a review) the family must have the social worker's report */
  @Column({ type: 'int', default: 2 })
  reportToFamilyIcpcWorkingDays: number;

  @Column({ type: 'int', default: 5 })
  reportToFamilyReviewWorkingDays: number;

  /** working days after a conference its minutes must be distributed */
  @Column({ type: 'int', default: 15 })
  minutesWorkingDays: number;

  /** issue 14: first review of a pre-birth plan within this many working days of the birth (authority-procedure-settings.ts) */
  @Column({ type: 'int', default: 10 })
  preBirthReviewWorkingDays: number;

  /** issue 14: the transfer-in conference's clock starts at the NOTIFICATION of the move or when the referral is accepted */
  @Column({ type: 'text', default: 'NOTIFICATION' })
  transferInClockStart: 'NOTIFICATION' | 'REFERRAL_ACCEPTED';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
