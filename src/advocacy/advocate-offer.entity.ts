import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Authority } from '../directory/authority.entity';
import { Child } from '../directory/child.entity';
import { StaffMember } from '../directory/staff-member.entity';
import type { AdvocateOfferStatus } from './advocate-offer.machine';

@Entity()
@Index(['authorityId', 'childId'])
@Index(['authorityId', 'conferenceId'])
@Index(['childId'])
@Index(['offeredById'])
// One open offer per child per conference (or per child with no conference).
@Index('UQ_advocate_offer_open', ['childId', 'openScope'], { unique: true, where: "status IN ('OFFERED', 'ACCEPTED', 'ALLOCATED')" })
export class AdvocateOffer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  authorityId: string;

  @ManyToOne(() => Authority, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id' })
  authority?: Authority;

  @Column({ type: 'uuid' })
  childId: string;

  @ManyToOne(() => Child, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'child_id' })
  child?: Child;

  @Column({ type: 'uuid', nullable: true })
  conferenceId: string | null;

  // The conference, or the child itself when the offer is not for a conference: the key of the open-offer rule.
  @Column({ type: 'uuid' })
  openScope: string;

  @Column({ type: 'text', default: 'OFFERED' })
  status: AdvocateOfferStatus;

  @Column({ type: 'date' })
  offeredOn: string;

  @Column({ type: 'uuid' })
  offeredById: string;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offered_by_id' })
  offeredBy?: StaffMember;

  @Column({ type: 'date', nullable: true })
  respondedOn: string | null;

  @Column({ type: 'text', nullable: true })
  declineReason: string | null;

  @Column({ type: 'text', nullable: true })
  advocateName: string | null;

  @Column({ type: 'date', nullable: true })
  allocatedOn: string | null;

  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ type: 'text', nullable: true })
  withdrawnReason: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
