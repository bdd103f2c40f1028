import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../auth/role';

@ObjectType('StaffMember', { description: 'A member of staff of the caller\'s authority.' })
export class StaffMemberType {
  @Field(() => ID)
  id: string;

  @Field({ description: 'the identity provider\'s stable subject id' })
  subject: string;

  @Field()
  name: string;

  @Field(() => [Role], { description: 'roles from the last token seen for this person' })
  roles: Role[];

  teamId: string | null;
}
