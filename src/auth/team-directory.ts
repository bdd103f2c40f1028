import { DataSource, EntityManager } from 'typeorm';

/**
 * Whether a team belongs to an authority. The directory owns the team table and binds this port
 * (like CallerDirectory), so the policy asks it without auth depending on the directory.
 */
export abstract class TeamDirectory {
  abstract teamExists(authorityId: string, teamId: string, db?: EntityManager | DataSource): Promise<boolean>;
}
