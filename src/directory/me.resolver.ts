import { Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { StaffMemberType } from './directory.types';

@Resolver(() => StaffMemberType)
export class MeResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => StaffMemberType, { description: 'the caller, as a staff member of their authority' })
  async me(@Caller() user: CurrentUser): Promise<StaffMemberType> {
    return { id: user.staffId, subject: user.subject, name: user.name, roles: user.roles, teamId: user.teamId };
  }
}
