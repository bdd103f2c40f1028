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

/** The core group of one plan: it carries on for as long as the plan does. */
@Entity()
@Index(['authorityId', 'planId'], { unique: true })
export class CoreGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  planId: string;

  // Named, not imported: plans depend on core groups (a plan starts its core group), not the reverse.
  @ManyToOne('ChildProtectionPlan', { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'plan_id', referencedColumnName: 'id' },
  ])
  plan?: object;

  // ICPC + 10 working days (WT 2023 ch.4), fixed when the plan starts.
  @Column({ type: 'date' })
  firstMeetingDueBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A core group meeting (core-group-meeting.machine.ts). dueBy is fixed when it is scheduled. */
@Entity()
@Index(['authorityId', 'coreGroupId', 'heldOn'])
@Index(['authorityId', 'dueBy'])
export class CoreGroupMeeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  coreGroupId: string;

  @ManyToOne(() => CoreGroup, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'core_group_id', referencedColumnName: 'id' },
  ])
  coreGroup?: CoreGroup;

  @Column({ type: 'text', default: 'SCHEDULED' })
  status: 'SCHEDULED' | 'HELD' | 'CANCELLED';

  @Column({ type: 'timestamptz', nullable: true })
  scheduledFor: Date | null;

  @Column({ type: 'date', nullable: true })
  heldOn: string | null;

  @Column({ type: 'date' })
  dueBy: string;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Progress against one plan action, as recorded at one core group meeting. */
@Entity()
@Index(['authorityId', 'meetingId', 'actionId'], { unique: true })
@Index(['actionId'])
export class ActionProgress {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => CoreGroupMeeting, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'meeting_id', referencedColumnName: 'id' },
  ])
  meeting?: CoreGroupMeeting;

  @Column({ type: 'uuid' })
  actionId: string;

  @Column({ type: 'text' })
  progress: 'ON_TRACK' | 'DRIFTING' | 'COMPLETED' | 'NOT_STARTED';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
