import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Something addressed to one person that is not derivable from a record's state alone: a breach
 * for the chair to decide, an overdue action, drift, an advocacy gap. The dedupe key makes an
 * alert once-only however often the sweep (or any module) raises it.
 */
@Entity()
@Index(['authorityId', 'recipientId', 'dedupeKey'], { unique: true })
@Index('IDX_inbox_alert_open', ['authorityId', 'recipientId', 'dueBy'], { where: 'cleared_at IS NULL' })
export class InboxAlert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  /** e.g. STAGE_BREACHED, ACTION_OVERDUE, DRIFT, ADVOCACY_GAP */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'date' })
  dueBy: string;

  @Column({ type: 'uuid', nullable: true })
  escalationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actionId: string | null;

  /** the case audit the item is about (issue 15) */
  @Column({ type: 'uuid', nullable: true })
  caseAuditId: string | null;

  /** the conference the item is about (issue 18: minutes to distribute) */
  @Column({ type: 'uuid', nullable: true })
  conferenceId: string | null;

  @Column({ type: 'text' })
  dedupeKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** set when the alert no longer needs the recipient (InboxService.clear) */
  @Column({ type: 'timestamptz', nullable: true })
  clearedAt: Date | null;
}
