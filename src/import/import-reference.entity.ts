import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A record brought in by the bulk import (docs/import.md), by the authority's own reference for it
 * in the old system: re-importing the same line finds it here and writes nothing.
 */
@Entity()
export class ImportReference {
  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  /** the line's type: child, plan, conference, escalation */
  @PrimaryColumn({ type: 'text' })
  recordType: string;

  /** the line's `ref`, unique per type within the authority */
  @PrimaryColumn({ type: 'text' })
  externalRef: string;

  /** the record the line made: the child, the plan, the conference or the escalation */
  @Column({ type: 'uuid' })
  entityId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
