import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Role } from '../auth/role';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';

@ObjectType('StaffMember', { description: "A member of staff of the caller's authority." })
export class StaffMemberType {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "the identity provider's stable subject id" })
  subject: string;

  @Field(() => String)
  name: string;

  @Field(() => [Role], { description: 'roles from the last token seen for this person' })
  roles: Role[];

  teamId: string | null;
  /** resolved by StaffMemberResolver: only the person and ADMIN see an address */
  email?: string | null;
  emailMode?: string;
}

@ObjectType('Team')
export class TeamType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  managerId: string | null;
  serviceManagerId: string | null;
}

@ObjectType('Child')
export class ChildType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  caseReference: string;

  @Field(() => String)
  name: string;

  @Field(() => GraphQLDate, { nullable: true, description: 'null for an unborn child' })
  dateOfBirth: string | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'set for an unborn child' })
  expectedDateOfBirth: string | null;

  teamId: string;
  socialWorkerId: string | null;
  authorityId: string;
}

@InputType()
export class CreateTeamInput {
  @TextField(TEXT_LIMITS.name)
  name: string;

  @TextField(TEXT_LIMITS.name, { nullable: true, description: 'subject of the team manager (created if not yet seen)' })
  managerSubject?: string | null;

  @TextField(TEXT_LIMITS.name, {
    nullable: true,
    description: 'subject of the service manager (created if not yet seen)',
  })
  serviceManagerSubject?: string | null;
}

@InputType()
export class UpsertStaffMemberInput {
  @TextField(TEXT_LIMITS.name)
  subject: string;

  @TextField(TEXT_LIMITS.name)
  name: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  teamId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'where inbox emails go until the person signs in with a token that has an email claim; omitted: unchanged',
  })
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email?: string | null;
}

@InputType()
export class RegisterChildInput {
  @TextField(TEXT_LIMITS.name)
  caseReference: string;

  @TextField(TEXT_LIMITS.name)
  name: string;

  @Field(() => GraphQLDate, { nullable: true })
  dateOfBirth?: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  expectedDateOfBirth?: string | null;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  teamId: string;

  @Field(() => ID, { nullable: true, description: 'the allocated social worker' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  socialWorkerId?: string | null;
}
