import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * One email or webhook delivery (issue 16), made from a committed outbox message. The row is the
 * whole state: workers claim due rows with FOR UPDATE SKIP LOCKED, and a retry is a later due_at.
 * status: PENDING (due_at says when), DELIVERED, PARKED (kept failing; an ADMIN looks).
 */
@Entity()
@Index('IDX_notification_delivery_due', ['dueAt'], { where: "status = 'PENDING'" })
@Index(['authorityId', 'channel', 'status', 'createdAt'])
@Index(['webhookId', 'createdAt'])
@Index(['outboxMessageId'])
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  /** EMAIL or WEBHOOK */
  @Column({ type: 'text' })
  channel: string;

  @Column({ type: 'bigint', nullable: true })
  outboxMessageId: string | null;

  /** the addressee of an email */
  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  @Column({ type: 'uuid', nullable: true })
  webhookId: string | null;

  /** the inbox item's kind, e.g. STAGE_OPENED */
  @Column({ type: 'text' })
  eventType: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** an email held for the recipient's daily digest */
  @Column({ type: 'boolean', default: false })
  digest: boolean;

  @Column({ type: 'text', default: 'PENDING' })
  status: string;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
