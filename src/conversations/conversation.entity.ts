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
import { Child } from '../directory/child.entity';

/** A chair's informal challenge, recorded with its agreed actions (DOMAIN.md, "Chair conversations"). */
@Entity()
@Index(['authorityId', 'childId', 'heldOn'])
@Index(['authorityId', 'chairId', 'heldOn'])
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  chairId: string;

  @Column({ type: 'uuid' })
  withStaffId: string;

  @Column({ type: 'uuid' })
  childId: string;

  @ManyToOne(() => Child, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'authority_id', referencedColumnName: 'authorityId' },
    { name: 'child_id', referencedColumnName: 'id' },
  ])
  child?: Child;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'text' })
  summary: string;

  /** set when the conversation is promoted to a formal escalation */
  @Column({ type: 'uuid', nullable: true })
  escalationId: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  // Every versioned record has one: the engine's update sets it with the version (issue 11).
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
