import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { badField, conflict } from '../common/errors';
import { canonicalJson } from '../audit/audit-hash';
import { AuditService } from '../audit/audit.service';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
export const IDEMPOTENCY_TTL_HOURS = 24;

export interface CommandOptions {
  user: CurrentUser;
  /** the mutation, e.g. raiseEscalation: one key serves one operation */
  operation: string;
  input: unknown;
  idempotencyKey?: string | null;
}

/**
 * Runs a command in one transaction. With an Idempotency-Key (CONTRACT.md), the key, subject,
 * input hash and result id are stored in that same transaction: a repeat with the same input
 * returns the first result and does nothing; with different input it is CONFLICT. Concurrent
 * duplicates queue on the key's unique index, so only one effect is ever written.
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: IdempotencyKeyRepository,
  ) {}

  async run(options: CommandOptions, effect: (manager: EntityManager) => Promise<string>): Promise<string> {
    const key = options.idempotencyKey?.trim();
    // The command's audit events are written last, just before the commit: the authority's audit
    // head lock is then held as briefly as possible (AuditService.appendingLast).
    if (!key) return this.dataSource.transaction((manager) => this.audit.appendingLast(manager, () => effect(manager)));
    if (!KEY_PATTERN.test(key)) throw badField('Idempotency-Key', 'must be 1 to 200 letters, digits or . _ : -');
    const requestHash = createHash('sha256')
      .update(canonicalJson({ operation: options.operation, input: options.input }))
      .digest('hex');
    return this.dataSource.transaction((manager) =>
      this.audit.appendingLast(manager, async () => {
        if (
          !(await this.keys.claim(manager, options.user, key, options.operation, requestHash, IDEMPOTENCY_TTL_HOURS))
        ) {
          const first = await this.keys.find(manager, options.user, key);
          if (!first || first.requestHash !== requestHash || !first.resultId) {
            throw conflict('This Idempotency-Key was already used with a different request');
          }
          return first.resultId;
        }
        const resultId = await effect(manager);
        await this.keys.setResult(manager, options.user, key, resultId);
        return resultId;
      }),
    );
  }
}
