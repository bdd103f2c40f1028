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
import { Role } from '../auth/role';

@Entity()
@Index(['authorityId', 'subject'], { unique: true })
@Index(['authorityId', 'teamId'])
export class StaffMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @ManyToOne(() => Authority, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id' })
  authority?: Authority;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  name: string;

  // The token's roles as last seen: kept so that assignees can be found by role.
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne('Team', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'team_id', referencedColumnName: 'id' },
  ])
  team?: unknown;

  // The token's email claim as last seen, or set by an ADMIN (issue 16): where inbox emails go.
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** IMMEDIATE or DAILY_DIGEST (08:00 on working days) */
  @Column({ type: 'text', default: 'IMMEDIATE' })
  emailMode: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
