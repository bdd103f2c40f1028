import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Authority } from './authority.entity';
import { StaffMember } from './staff-member.entity';

@Entity()
@Index(['authorityId', 'name'], { unique: true })
@Index(['authorityId', 'managerId'])
@Index(['authorityId', 'serviceManagerId'])
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @ManyToOne(() => Authority, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id' })
  authority?: Authority;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid', nullable: true })
  managerId: string | null;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'manager_id', referencedColumnName: 'id' },
  ])
  manager?: StaffMember;

  @Column({ type: 'uuid', nullable: true })
  serviceManagerId: string | null;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'service_manager_id', referencedColumnName: 'id' },
  ])
  serviceManager?: StaffMember;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
