import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Authority } from './authority.entity';
import { StaffMember } from './staff-member.entity';

@Entity()
@Index(['authorityId', 'name'], { unique: true })
@Index(['managerId'])
@Index(['serviceManagerId'])
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  authorityId: string;

  @ManyToOne(() => Authority, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id' })
  authority?: Authority;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid', nullable: true })
  managerId: string | null;

  @ManyToOne(() => StaffMember, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'manager_id' })
  manager?: StaffMember;

  @Column({ type: 'uuid', nullable: true })
  serviceManagerId: string | null;

  @ManyToOne(() => StaffMember, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'service_manager_id' })
  serviceManager?: StaffMember;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
