import {
  Check,
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

export type ConferenceKind = 'INITIAL' | 'REVIEW' | 'TRANSFER_IN';
export type ConferenceState = 'REQUESTED' | 'SCHEDULED' | 'HELD' | 'CANCELLED';

/** A child protection conference for one or more children of one team (conference.machine.ts). */
@Entity()
@Index(['authorityId', 'dueBy', 'id'])
@Index(['authorityId', 'teamId', 'dueBy'])
@Index(['authorityId', 'chairId'])
@Index('IDX_conference_minutes_due', ['minutesDueBy', 'authorityId'], {
  where: 'minutes_distributed_on IS NULL AND NOT minutes_overdue_alerted',
})
@Check('CHK_conference_pre_birth_review_working_days', '"pre_birth_review_working_days" BETWEEN 1 AND 65')
@Check('CHK_conference_transfer_in_clock_start', `"transfer_in_clock_start" IN ('NOTIFICATION', 'REFERRAL_ACCEPTED')`)
@Check('CHK_conference_referral_after_notification', '"referral_accepted_on" >= "transfer_notified_on"')
export class Conference {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @ManyToOne(() => Authority, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id' })
  authority?: Authority;

  @Column({ type: 'text' })
  type: ConferenceKind;

  @Column({ type: 'text', default: 'REQUESTED' })
  status: ConferenceState;

  // Our policy: a conference's children all belong to one team, whose staff see it.
  @Column({ type: 'uuid' })
  teamId: string;

  @Column({ type: 'uuid', nullable: true })
  chairId: string | null;

  @Column({ type: 'date', nullable: true })
  strategyDiscussionDate: string | null;

  @Column({ type: 'date', nullable: true })
  transferNotifiedOn: string | null;

  // Issue 14, TRANSFER_IN: when the receiving authority accepted the referral (optional under NOTIFICATION).
  @Column({ type: 'date', nullable: true })
  referralAcceptedOn: string | null;

  // Issue 14: the authority's procedure settings when the conference was requested (a review and a
  // reconvened conference inherit them from the conference before), so a later change never moves its dates.
  @Column({ type: 'int', default: 10 })
  preBirthReviewWorkingDays: number;

  // TRANSFER_IN only: what clockStart is (the notification of the move, or the referral's acceptance).
  @Column({ type: 'text', nullable: true })
  transferInClockStart: 'NOTIFICATION' | 'REFERRAL_ACCEPTED' | null;

  // The date the statutory clock runs from: strategy discussion, notification, or for a REVIEW
  // the conference that requested it (plan start or previous review).
  @Column({ type: 'date' })
  clockStart: string;

  @Column({ type: 'date' })
  dueBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  scheduledFor: Date | null;

  @Column({ type: 'date', nullable: true })
  heldOn: string | null;

  @Column({ type: 'date', nullable: true })
  cancelledOn: string | null;

  @Column({ type: 'text', nullable: true })
  delayReason: string | null;

  // REVIEW: the conference whose outcome requested it.
  @Column({ type: 'uuid', nullable: true })
  previousConferenceId: string | null;

  // Issue 18: who attended (conference-attendance.ts), quorum, and the replacement when inquorate.
  @Column({ type: 'jsonb', nullable: true })
  attendance: { agency: string; attended: boolean; reportReceived: boolean | null }[] | null;

  @Column({ type: 'boolean', nullable: true })
  quorate: boolean | null;

  @Column({ type: 'text', nullable: true })
  inquorateProceedReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  reconvenedAsId: string | null;

  @Column({ type: 'date', nullable: true })
  reportSharedDueBy: string | null;

  @Column({ type: 'date', nullable: true })
  reportSharedWithFamilyOn: string | null;

  @Column({ type: 'date', nullable: true })
  minutesDueBy: string | null;

  @Column({ type: 'date', nullable: true })
  minutesDistributedOn: string | null;

  @Column({ type: 'boolean', default: false })
  minutesOverdueAlerted: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A child of a conference, with that child's outcome and participation once held. */
@Entity()
@Index(['authorityId', 'childId'])
@Index(['planId'])
export class ConferenceChild {
  @PrimaryColumn({ type: 'uuid' })
  conferenceId: string;

  @PrimaryColumn({ type: 'uuid' })
  childId: string;

  @ManyToOne(() => Conference, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'conference_id', referencedColumnName: 'id' },
  ])
  conference?: Conference;

  @ManyToOne(() => Child, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'child_id', referencedColumnName: 'id' },
  ])
  child?: Child;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'text', nullable: true })
  decision: string | null;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  @Column({ type: 'boolean', nullable: true })
  attended: boolean | null;

  @Column({ type: 'text', nullable: true })
  viewsShared: string | null;
}
