import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../auth/role';

@Entity()
@Index(['authorityId', 'subject'], { unique: true })
export class StaffMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  name: string;

  // The token's roles as last seen: kept so that assignees can be found by role.
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Index()
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
