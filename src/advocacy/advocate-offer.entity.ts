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
import { StaffMember } from '../directory/staff-member.entity';
import type { AdvocateOfferStatus } from './advocate-offer.machine';

@Entity()
@Index(['authorityId', 'childId'])
@Index(['authorityId', 'conferenceId'])
@Index(['authorityId', 'offeredById'])
// One open offer per child per conference (or per child with no conference).
@Index('UQ_advocate_offer_open', ['authorityId', 'childId', 'openScope'], {
  unique: true,
  where: "status IN ('OFFERED', 'ACCEPTED', 'ALLOCATED')",
})
export class AdvocateOffer {
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
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'offered_by_id', referencedColumnName: 'id' },
  ])
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
