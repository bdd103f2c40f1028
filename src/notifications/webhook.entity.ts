import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A URL of the authority's other systems that receives signed inbox events (issue 16). */
@Entity()
@Index(['authorityId', 'createdAt'])
export class Webhook {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', array: true })
  eventTypes: string[];

  /** the HMAC-SHA256 key, shown to the ADMIN once at registration */
  @Column({ type: 'text' })
  secret: string;

  /** ACTIVE or DISABLED */
  @Column({ type: 'text', default: 'ACTIVE' })
  status: string;

  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
