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
import { Authority } from '../directory/authority.entity';
import { Child } from '../directory/child.entity';

/** A child protection plan (plan.machine.ts). At most one ACTIVE plan per child, enforced by index. */
@Entity()
@Index('UQ_child_protection_plan_active_child', ['authorityId', 'childId'], {
  unique: true,
  where: "status = 'ACTIVE'",
})
@Index(['authorityId', 'childId'])
export class ChildProtectionPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @ManyToOne(() => Authority, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id' })
  authority?: Authority;

  @Column({ type: 'uuid' })
  childId: string;

  @ManyToOne(() => Child, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'child_id', referencedColumnName: 'id' },
  ])
  child?: Child;

  @Column({ type: 'text', default: 'ACTIVE' })
  status: 'ACTIVE' | 'ENDED';

  // Census N00113 (initial) and N00114 (latest) categories of abuse.
  @Column({ type: 'text' })
  initialCategory: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'text', nullable: true })
  endReasonCode: string | null;

  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  // Pre-birth plan: its first review also falls due 10 working days after the birth.
  @Column({ type: 'boolean', default: false })
  unbornAtStart: boolean;

  @Column({ type: 'uuid' })
  startedByConferenceId: string;

  // The conference that started or last reviewed the plan: its chair is told about drift.
  @Column({ type: 'uuid' })
  lastConferenceId: string;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
