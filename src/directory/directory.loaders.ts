import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKey, loader } from '../common/loaders';
import { ChildRepository } from './child.repository';
import { childFromRecord } from './directory.service';
import { ChildType, StaffMemberType, TeamType } from './directory.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of people, teams and children, always within the caller's authority. */
@Injectable()
export class DirectoryLoaders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly children: ChildRepository,
  ) {}

  staff(ctx: Ctx) {
    return loader<string, StaffMemberType | null>(ctx, 'staff', async (ids) => {
      const rows = await this.dataSource.query('SELECT id, subject, name, roles, team_id, email, email_mode FROM staff_member WHERE id = ANY($1) AND authority_id = $2', [ids, ctx.user!.authorityId]);
      return byKey(ids, rows as any[], (r) => r.id).map((r) => (r ? { id: r.id, subject: r.subject, name: r.name, roles: r.roles, teamId: r.team_id, email: r.email, emailMode: r.email_mode } : null));
    });
  }

  team(ctx: Ctx) {
    return loader<string, TeamType | null>(ctx, 'team', async (ids) => {
      const rows = await this.dataSource.query('SELECT id, name, manager_id, service_manager_id FROM team WHERE id = ANY($1) AND authority_id = $2', [ids, ctx.user!.authorityId]);
      return byKey(ids, rows as any[], (r) => r.id).map((r) => (r ? { id: r.id, name: r.name, managerId: r.manager_id, serviceManagerId: r.service_manager_id } : null));
    });
  }

  child(ctx: Ctx) {
    return loader<string, ChildType | null>(ctx, 'child', async (ids) => {
      const children = await this.children.findMany(ctx.user!.authorityId, ids);
      return byKey(ids, children, (c) => c.id).map((c) => (c ? childFromRecord(c) : null));
    });
  }
}
