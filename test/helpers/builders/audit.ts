import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRecord, AuditRepository } from '../../../src/audit/audit.repository';
import { AuditEntry, AuditService } from '../../../src/audit/audit.service';
import { CurrentUser } from '../../../src/auth/principal';
import { Role } from '../../../src/auth/role';
import { DirectoryService } from '../../../src/directory/directory.service';
import { uniqueAuthority } from '../test-app';

// Builders for service tests of the audit trail (helper 11e): an authority with an auditor, and
// commands that log events through AuditService as the domain services do, with no HTTP.

export interface AuditWorld {
  code: string;
  authorityId: string;
  auditor: CurrentUser;
  /** one command (one transaction, events written last) logging these events of the authority */
  command(entries: Omit<AuditEntry, 'authorityId'>[]): Promise<AuditRecord[]>;
  /** the authority's whole chain, as the repository reads it back */
  events(): Promise<AuditRecord[]>;
}

export async function buildAuditTrail(app: INestApplication, prefix = 'aud'): Promise<AuditWorld> {
  const code = uniqueAuthority(prefix);
  const auditor = await app
    .get(DirectoryService)
    .resolveCaller({ subject: `auditor-${code}`, name: 'auditor', roles: [Role.AUDITOR], authority: code });
  const audit = app.get(AuditService);
  const repository = app.get(AuditRepository);
  const db = app.get(DataSource);
  return {
    code,
    authorityId: auditor.authorityId,
    auditor,
    command: (entries) =>
      db.transaction((m) =>
        audit.appendingLast(m, () =>
          Promise.all(entries.map((e) => audit.append(m, { ...e, authorityId: auditor.authorityId }))),
        ),
      ),
    events: () => repository.eventsAfter(db.manager, auditor.authorityId, 0, 10_000),
  };
}
