import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notification written in the same transaction as the change it announces; published only
 * after commit (NOTIFY is delivered on commit), so nothing is announced that did not happen.
 */
@Entity()
@Index(['authorityId', 'recipientId', 'id'])
@Index('IDX_outbox_message_unfanned', ['id'], { where: 'fanned_out_at IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  @Column({ type: 'text' })
  topic: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** when its email and webhook deliveries were made (issue 16); null: not yet */
  @Column({ type: 'timestamptz', nullable: true })
  fannedOutAt: Date | null;
}
