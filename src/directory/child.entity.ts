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
import { Authority } from './authority.entity';
import { StaffMember } from './staff-member.entity';
import { Team } from './team.entity';

@Entity()
@Index(['authorityId', 'caseReference'], { unique: true })
@Index(['authorityId', 'teamId'])
@Index(['authorityId', 'socialWorkerId'])
export class Child {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @ManyToOne(() => Authority, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id' })
  authority?: Authority;

  @Column({ type: 'text' })
  caseReference: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'date', nullable: true })
  expectedDateOfBirth: string | null;

  @Column({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'team_id', referencedColumnName: 'id' },
  ])
  team?: Team;

  // The allocated social worker, who is told about gaps such as a missing advocate offer.
  @Column({ type: 'uuid', nullable: true })
  socialWorkerId: string | null;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'social_worker_id', referencedColumnName: 'id' },
  ])
  socialWorker?: StaffMember;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
