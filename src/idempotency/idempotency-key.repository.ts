import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Whose key it is: one caller of one authority. */
export interface KeyOwner {
  authorityId: string;
  subject: string;
}

/** The first request made with a key: what it asked for and the id it answered. */
export interface KeyUse {
  requestHash: string;
  resultId: string | null;
}

/** Every statement on idempotency_key, in the command's transaction. */
@Injectable()
export class IdempotencyKeyRepository {
  /**
   * Claims the key for this request (or reclaims it once older than `ttlHours`); false when it is
   * held by an earlier request within its lifetime.
   */
  async claim(
    manager: EntityManager,
    owner: KeyOwner,
    key: string,
    operation: string,
    requestHash: string,
    ttlHours: number,
  ): Promise<boolean> {
    const claimed: { key: string }[] = await manager.query(
      `INSERT INTO idempotency_key (authority_id, subject, key, operation, request_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (authority_id, subject, key) DO UPDATE SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash, result_id = NULL, created_at = now()
           WHERE idempotency_key.created_at < now() - make_interval(hours => $6)
         RETURNING key`,
      [owner.authorityId, owner.subject, key, operation, requestHash, ttlHours],
    );
    return claimed.length > 0;
  }

  async find(manager: EntityManager, owner: KeyOwner, key: string): Promise<KeyUse | null> {
    const rows: { request_hash: string; result_id: string | null }[] = await manager.query(
      'SELECT request_hash, result_id FROM idempotency_key WHERE authority_id = $1 AND subject = $2 AND key = $3',
      [owner.authorityId, owner.subject, key],
    );
    return rows[0] ? { requestHash: rows[0].request_hash, resultId: rows[0].result_id } : null;
  }

  async setResult(manager: EntityManager, owner: KeyOwner, key: string, resultId: string): Promise<void> {
    await manager.query(
      'UPDATE idempotency_key SET result_id = $4 WHERE authority_id = $1 AND subject = $2 AND key = $3',
      [owner.authorityId, owner.subject, key, resultId],
    );
  }
}
