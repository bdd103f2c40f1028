import { Injectable } from '@nestjs/common';
import { byKey, loader } from '../common/loaders';
import { ChildRepository } from './child.repository';
import { DirectoryRepository } from './directory.repository';
import { childFromRecord } from './directory.service';
import { ChildType, StaffMemberType, TeamType } from './directory.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of people, teams and children, always within the caller's authority. */
@Injectable()
export class DirectoryLoaders {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly children: ChildRepository,
  ) {}

  staff(ctx: Ctx) {
    return loader<string, StaffMemberType | null>(ctx, 'staff', async (ids) => {
      const staff = await this.directory.findStaffMany(ctx.user!.authorityId, ids);
      return byKey(ids, staff, (s) => s.id);
    });
  }

  team(ctx: Ctx) {
    return loader<string, TeamType | null>(ctx, 'team', async (ids) => {
      const teams = await this.directory.findTeamMany(ctx.user!.authorityId, ids);
      return byKey(ids, teams, (t) => t.id);
    });
  }

  child(ctx: Ctx) {
    return loader<string, ChildType | null>(ctx, 'child', async (ids) => {
      const children = await this.children.findMany(ctx.user!.authorityId, ids);
      return byKey(ids, children, (c) => c.id).map((c) => (c ? childFromRecord(c) : null));
    });
  }
}
