import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { badField, conflict } from '../common/errors';
import { canonicalJson } from '../audit/audit-hash';
import { AuditService } from '../audit/audit.service';

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
  ) {}

  async run(options: CommandOptions, effect: (manager: EntityManager) => Promise<string>): Promise<string> {
    const key = options.idempotencyKey?.trim();
    // The command's audit events are written last, just before the commit: the authority's audit
    // head lock is then held as briefly as possible (AuditService.appendingLast).
    if (!key) return this.dataSource.transaction((manager) => this.audit.appendingLast(manager, () => effect(manager)));
    if (!KEY_PATTERN.test(key)) throw badField('Idempotency-Key', 'must be 1 to 200 letters, digits or . _ : -');
    const requestHash = createHash('sha256').update(canonicalJson({ operation: options.operation, input: options.input })).digest('hex');
    return this.dataSource.transaction((manager) => this.audit.appendingLast(manager, async () => {
      const claimed: unknown[] = await manager.query(
        `INSERT INTO idempotency_key (authority_id, subject, key, operation, request_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (authority_id, subject, key) DO UPDATE SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash, result_id = NULL, created_at = now()
           WHERE idempotency_key.created_at < now() - make_interval(hours => $6)
         RETURNING key`,
        [options.user.authorityId, options.user.subject, key, options.operation, requestHash, IDEMPOTENCY_TTL_HOURS],
      );
      if (claimed.length === 0) {
        const [first]: { request_hash: string; result_id: string | null }[] = await manager.query(
          'SELECT request_hash, result_id FROM idempotency_key WHERE authority_id = $1 AND subject = $2 AND key = $3',
          [options.user.authorityId, options.user.subject, key],
        );
        if (!first || first.request_hash !== requestHash || !first.result_id) {
          throw conflict('This Idempotency-Key was already used with a different request');
        }
        return first.result_id;
      }
      const resultId = await effect(manager);
      await manager.query('UPDATE idempotency_key SET result_id = $4 WHERE authority_id = $1 AND subject = $2 AND key = $3', [options.user.authorityId, options.user.subject, key, resultId]);
      return resultId;
    }));
  }
}
