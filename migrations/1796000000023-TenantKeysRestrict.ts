import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: the last four foreign keys between tenant tables that said ON DELETE SET NULL now say
 * RESTRICT. Citus refuses SET NULL on a foreign key that includes the distribution column
 * (authority_id), and nothing in the service deletes a staff member or a team: a delete by hand of
 * someone who is still a child's social worker, a team's manager or a team member is refused rather
 * than silently unlinking the record (an auditor expects nothing lost).
 */
export class TenantKeysRestrict1796000000023 implements MigrationInterface {
  name = 'TenantKeysRestrict1796000000023';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, fk, column, target] of FOREIGN_KEYS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${fk}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${fk}" FOREIGN KEY ("${column}", "authority_id") REFERENCES "${target}"("id","authority_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, fk, column, target] of FOREIGN_KEYS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${fk}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${fk}" FOREIGN KEY ("${column}", "authority_id") REFERENCES "${target}"("id","authority_id") ON DELETE SET NULL ("${column}") ON UPDATE NO ACTION`,
      );
    }
  }
}

const FOREIGN_KEYS: [table: string, fk: string, column: string, target: string][] = [
  ['staff_member', 'FK_fad0b1566087ecee801fa7d8758', 'team_id', 'team'],
  ['team', 'FK_9fad7426dcc29c94f35d001710a', 'manager_id', 'staff_member'],
  ['team', 'FK_f98f7196187c153edb4e14e0012', 'service_manager_id', 'staff_member'],
  ['child', 'FK_dc39097a1ff71ba1a9a5d05abef', 'social_worker_id', 'staff_member'],
];
