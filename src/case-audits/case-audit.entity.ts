import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type CaseAuditStatus = 'AWAITING_AGREEMENT' | 'AGREED' | 'CLOSED';
export type CaseAuditGrade = 'OUTSTANDING' | 'GOOD' | 'REQUIRES_IMPROVEMENT' | 'INADEQUATE';

/** An action proposed by the auditor; it becomes a shared `Action` when the team manager agrees. */
export interface ProposedAction {
  description: string;
  ownerId: string;
  dueBy: string;
}

/** DOMAIN.md "Quality assurance: case audits": one child's record audited, graded and followed up. */
@Entity()
@Index(['authorityId', 'childId', 'auditedOn'])
@Index(['authorityId', 'auditedOn'])
// The sweep reads only audits awaiting agreement not yet told to the service manager.
@Index('IDX_case_audit_agreement_due', ['agreementDueBy', 'authorityId'], {
  where: "status = 'AWAITING_AGREEMENT' AND NOT agreement_overdue_alerted",
})
export class CaseAudit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  childId: string;

  /** the child's team when audited: team measures count the audit there */
  @Column({ type: 'uuid' })
  teamId: string;

  @Column({ type: 'uuid' })
  auditorId: string;

  /** the team manager the audit was addressed to (the child's team's manager when recorded) */
  @Column({ type: 'uuid', nullable: true })
  teamManagerId: string | null;

  @Column({ type: 'text', default: 'AWAITING_AGREEMENT' })
  status: CaseAuditStatus;

  @Column({ type: 'date' })
  auditedOn: string;

  @Column({ type: 'text' })
  grade: CaseAuditGrade;

  @Column({ type: 'text' })
  findings: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  proposedActions: ProposedAction[];

  @Column({ type: 'date' })
  agreementDueBy: string;

  @Column({ type: 'date', nullable: true })
  agreedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  agreedById: string | null;

  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'text', nullable: true })
  impact: string | null;

  // Set by the sweep when the service manager has been told the agreement is overdue.
  @Column({ type: 'boolean', default: false })
  agreementOverdueAlerted: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
