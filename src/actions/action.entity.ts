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
import { StaffMember } from '../directory/staff-member.entity';

export type ActionStatus = 'OPEN' | 'COMPLETED' | 'CANCELLED';
export type ActionSource = 'CONVERSATION' | 'ESCALATION' | 'CORE_GROUP' | 'CONFERENCE' | 'AUDIT';

/**
 * An agreed action, whatever agreed it (DOMAIN.md: "the same action mechanism serves escalations,
 * core groups and audit follow-ups"). `subjectType`/`subjectId` name the record it belongs to.
 */
@Entity()
@Index(['authorityId', 'subjectType', 'subjectId'])
@Index(['authorityId', 'ownerId', 'dueBy'], { where: "status = 'OPEN'" })
@Index(['authorityId', 'createdById', 'dueBy'], { where: "status = 'OPEN'" })
@Index(['authorityId', 'childId'])
@Index(['authorityId', 'ownerId'])
@Index(['planId'])
// The sweep reads only open actions not yet alerted, by due date: its cost follows the due items.
@Index('IDX_action_overdue_due', ['dueBy', 'authorityId'], { where: "status = 'OPEN' AND NOT overdue_alerted" })
export class Action {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'text' })
  source: ActionSource;

  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'uuid' })
  childId: string;

  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'owner_id', referencedColumnName: 'id' },
  ])
  owner?: StaffMember;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'date' })
  agreedOn: string;

  @Column({ type: 'date' })
  dueBy: string;

  @Column({ type: 'text', default: 'OPEN' })
  status: ActionStatus;

  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  // Set by the sweep when the owner has been alerted; cleared when the due date moves.
  @Column({ type: 'boolean', default: false })
  overdueAlerted: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
