import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A create mutation's Idempotency-Key, stored in the same transaction as its effect. */
@Entity()
@Index(['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @PrimaryColumn({ type: 'text' })
  subject: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  operation: string;

  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'uuid', nullable: true })
  resultId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
