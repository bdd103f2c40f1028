import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser, hasRole } from '../auth/principal';
import { Role } from '../auth/role';
import { EmailMode } from './email-mode';
import { GraphQLDate } from '../common/scalars';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { DirectoryLoaders } from './directory.loaders';
import { DirectoryService } from './directory.service';
import {
  ChildType,
  CreateTeamInput,
  RegisterChildInput,
  StaffMemberType,
  TeamType,
  UpsertStaffMemberInput,
} from './directory.types';

@Resolver(() => StaffMemberType)
export class StaffMemberResolver {
  constructor(private readonly loaders: DirectoryLoaders) {}

  @Query(() => StaffMemberType, { description: 'the caller, as a staff member of their authority' })
  me(@Caller() user: CurrentUser): StaffMemberType {
    return { id: user.staffId, subject: user.subject, name: user.name, roles: user.roles, teamId: user.teamId };
  }

  @ResolveField(() => TeamType, { nullable: true })
  team(@Parent() staff: StaffMemberType, @Context() ctx: object) {
    return staff.teamId ? this.loaders.team(ctx).load(staff.teamId) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'where inbox emails go; shown only to the person and to ADMIN (null otherwise)',
  })
  async email(
    @Parent() staff: StaffMemberType,
    @Caller() user: CurrentUser,
    @Context() ctx: object,
  ): Promise<string | null> {
    if (staff.id !== user.staffId && !hasRole(user, Role.ADMIN)) return null;
    return staff.email !== undefined ? staff.email : ((await this.loaders.staff(ctx).load(staff.id))?.email ?? null);
  }

  @ResolveField(() => EmailMode, { description: 'an email per inbox item, or a daily digest at 08:00 on working days' })
  async emailMode(@Parent() staff: StaffMemberType, @Context() ctx: object): Promise<string> {
    return staff.emailMode ?? (await this.loaders.staff(ctx).load(staff.id))?.emailMode ?? EmailMode.IMMEDIATE;
  }
}

@Resolver(() => TeamType)
export class TeamResolver {
  constructor(
    private readonly loaders: DirectoryLoaders,
    private readonly directory: DirectoryService,
  ) {}

  @ResolveField(() => StaffMemberType, { nullable: true })
  manager(@Parent() team: TeamType, @Context() ctx: object) {
    return team.managerId ? this.loaders.staff(ctx).load(team.managerId) : null;
  }

  @ResolveField(() => StaffMemberType, { nullable: true })
  serviceManager(@Parent() team: TeamType, @Context() ctx: object) {
    return team.serviceManagerId ? this.loaders.staff(ctx).load(team.serviceManagerId) : null;
  }

  @Mutation(() => TeamType, {
    description: 'ADMIN. Creates a team; its managers are named by subject and created if not yet seen.',
  })
  async createTeam(
    @Caller() user: CurrentUser,
    @Args('input') input: CreateTeamInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: object,
  ) {
    const id = await this.directory.createTeam(user, input, key);
    return this.loaders.team(ctx).load(id);
  }

  @Mutation(() => StaffMemberType, { description: 'ADMIN. Records a member of staff and their team, by subject.' })
  async upsertStaffMember(
    @Caller() user: CurrentUser,
    @Args('input') input: UpsertStaffMemberInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: object,
  ) {
    const id = await this.directory.upsertStaffMember(user, input, key);
    return this.loaders.staff(ctx).load(id);
  }
}

@Resolver(() => ChildType)
export class ChildResolver {
  constructor(
    private readonly loaders: DirectoryLoaders,
    private readonly directory: DirectoryService,
  ) {}

  @Query(() => ChildType, {
    nullable: true,
    description: "a child of the caller's authority; team staff see only their own team's children",
  })
  child(@Caller() user: CurrentUser, @Args('id', { type: () => ID }) id: string) {
    return this.directory.readableChild(user, id);
  }

  @ResolveField(() => TeamType)
  team(@Parent() child: ChildType, @Context() ctx: object) {
    return this.loaders.team(ctx).load(child.teamId);
  }

  @ResolveField(() => StaffMemberType, { nullable: true, description: 'the allocated social worker' })
  socialWorker(@Parent() child: ChildType, @Context() ctx: object) {
    return child.socialWorkerId ? this.loaders.staff(ctx).load(child.socialWorkerId) : null;
  }

  @Mutation(() => ChildType, {
    description: 'ADMIN. Registers a child (or an unborn child, with expectedDateOfBirth) in a team.',
  })
  async registerChild(
    @Caller() user: CurrentUser,
    @Args('input') input: RegisterChildInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: object,
  ) {
    const id = await this.directory.registerChild(user, input, key);
    return this.loaders.child(ctx).load(id);
  }

  @Mutation(() => ChildType, {
    description: 'an unborn child is born: sets dateOfBirth and recomputes due dates that depend on it',
  })
  async recordBirth(
    @Caller() user: CurrentUser,
    @Args('childId', { type: () => ID }) childId: string,
    @Args('dateOfBirth', { type: () => GraphQLDate }) dateOfBirth: string,
    @Context() ctx: object,
  ) {
    await this.directory.recordBirth(user, childId, dateOfBirth);
    return this.loaders.child(ctx).load(childId);
  }
}
