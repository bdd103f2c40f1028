import { Authority } from '../directory/authority.entity';
import { StaffMember } from '../directory/staff-member.entity';

/** Every entity of the service, in one list for the app, the scripts and the tests. */
export const ENTITIES = [Authority, StaffMember];
