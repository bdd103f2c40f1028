import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Child } from '../directory/child.entity';

export type EscalationStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESPONDED' | 'RESOLVED' | 'WITHDRAWN';
export type StageOutcome = 'RESOLVED' | 'ESCALATED' | 'BREACHED_ESCALATED' | 'WITHDRAWN';

/** A chair's formal escalation (DOMAIN.md, "Formal escalations"). Its stages are EscalationStage rows. */
@Entity()
@Index(['authorityId', 'reference'], { unique: true })
@Index(['authorityId', 'raisedOn', 'id'])
@Index(['authorityId', 'childId'])
@Index(['authorityId', 'raisedById', 'status'])
export class Escalation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  /** ESC-2026-0042: unique in the authority, numbered without gaps per year */
  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'uuid' })
  childId: string;

  @ManyToOne(() => Child, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'child_id', referencedColumnName: 'id' },
  ])
  child?: Child;

  @Column({ type: 'uuid', nullable: true })
  conferenceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  conversationId: string | null;

  @Column({ type: 'uuid' })
  raisedById: string;

  @Column({ type: 'date' })
  raisedOn: string;

  @Column({ type: 'text' })
  concern: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text', default: 'OPEN' })
  status: EscalationStatus;

  /** the current stage, 1 to 4 */
  @Column({ type: 'int' })
  stage: number;

  /** the current stage's response due date (denormalised for lists and the inbox) */
  @Column({ type: 'date' })
  responseDueBy: string;

  /** whether any stage was breached */
  @Column({ type: 'boolean', default: false })
  breached: boolean;

  /** when it was resolved or withdrawn */
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One stage of an escalation: who it is addressed to, its clock and its outcome. */
@Entity()
@Index(['authorityId', 'escalationId', 'stage'], { unique: true })
@Index('IDX_escalation_stage_assignee', ['authorityId', 'assignedTo'], { where: 'outcome IS NULL' })
@Index('IDX_escalation_stage_role', ['authorityId', 'assignedRole'], {
  where: 'outcome IS NULL AND assigned_to IS NULL',
})
// The sweep reads only stages still awaiting a response, by due date: its cost follows the due items.
@Index('IDX_escalation_stage_due', ['responseDueBy', 'authorityId'], {
  where: 'responded_at IS NULL AND outcome IS NULL AND NOT breached',
})
export class EscalationStage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  escalationId: string;

  @ManyToOne(() => Escalation, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'escalation_id', referencedColumnName: 'id' },
  ])
  escalation?: Escalation;

  @Column({ type: 'int' })
  stage: number;

  @Column({ type: 'text' })
  assignedRole: string;

  /** null: anyone with assignedRole (stage 2 without a service manager, 3, 4) */
  @Column({ type: 'uuid', nullable: true })
  assignedTo: string | null;

  @Column({ type: 'date' })
  openedOn: string;

  @Column({ type: 'date' })
  responseDueBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ type: 'boolean', default: false })
  breached: boolean;

  @Column({ type: 'text', nullable: true })
  outcome: StageOutcome | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

/** The last reference number per authority and year, locked by each raise: no gaps, no duplicates. */
@Entity()
export class EscalationReferenceCounter {
  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int', default: 0 })
  lastNumber: number;
}
