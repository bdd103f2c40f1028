import { Injectable } from '@nestjs/common';
import { byKey, loader } from '../common/loaders';
import { loadNow, primeNow } from '../common/primed';
import { ChildRepository } from './child.repository';
import { ChildRecord } from './child.repository';
import { DirectoryRepository, StaffRecord } from './directory.repository';
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

  /**
   * Primes the staff loader with records another statement read (a compiled read, see
   * docs/architecture.md): `staff(ctx).load(id)` then answers them without a statement, exactly as
   * it would have (the records are `findStaffMany`'s, within the caller's authority).
   */
  primeStaff(ctx: Ctx, records: Iterable<StaffRecord>): void {
    const staff = this.staff(ctx);
    for (const r of records) primeNow(staff, r.id, r);
  }

  /** As `primeStaff`, for children (`findMany`'s records). */
  primeChildren(ctx: Ctx, records: Iterable<ChildRecord>): void {
    const children = this.child(ctx);
    for (const r of records) primeNow(children, r.id, childFromRecord(r));
  }

  /** `staff(ctx).load(id)`, or what a compiled read primed, without a promise. */
  staffNow(ctx: Ctx, id: string) {
    return loadNow(this.staff(ctx), id);
  }

  /** `child(ctx).load(id)`, or what a compiled read primed, without a promise. */
  childNow(ctx: Ctx, id: string) {
    return loadNow(this.child(ctx), id);
  }
}
