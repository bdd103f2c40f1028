import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 18: conference attendance and quorum, reconvened conferences, report-to-family and minutes due dates (authority settings), inbox items linking to a conference. */
export class MultiAgencyConferences1796000000018 implements MigrationInterface {
  name = 'MultiAgencyConferences1796000000018';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"attendance\" jsonb");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"quorate\" boolean");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"inquorate_proceed_reason\" text");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"reconvened_as_id\" uuid");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"report_shared_due_by\" date");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"report_shared_with_family_on\" date");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"minutes_due_by\" date");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"minutes_distributed_on\" date");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"minutes_overdue_alerted\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("CREATE INDEX \"IDX_conference_minutes_due\" ON \"conference\"  (\"minutes_due_by\", \"authority_id\") WHERE minutes_distributed_on IS NULL AND NOT minutes_overdue_alerted");
    await queryRunner.query("ALTER TABLE \"authority\" ADD \"quorum_other_agencies\" integer NOT NULL DEFAULT '2'");
    await queryRunner.query("ALTER TABLE \"authority\" ADD \"report_to_family_icpc_working_days\" integer NOT NULL DEFAULT '2'");
    await queryRunner.query("ALTER TABLE \"authority\" ADD \"report_to_family_review_working_days\" integer NOT NULL DEFAULT '5'");
    await queryRunner.query("ALTER TABLE \"authority\" ADD \"minutes_working_days\" integer NOT NULL DEFAULT '15'");
    await queryRunner.query("ALTER TABLE \"inbox_alert\" ADD \"conference_id\" uuid");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"inbox_alert\" DROP COLUMN \"conference_id\"");
    for (const c of ['minutes_working_days', 'report_to_family_review_working_days', 'report_to_family_icpc_working_days', 'quorum_other_agencies']) {
      await queryRunner.query(`ALTER TABLE "authority" DROP COLUMN "${c}"`);
    }
    await queryRunner.query("DROP INDEX \"public\".\"IDX_conference_minutes_due\"");
    for (const c of ['minutes_overdue_alerted', 'minutes_distributed_on', 'minutes_due_by', 'report_shared_with_family_on', 'report_shared_due_by', 'reconvened_as_id', 'inquorate_proceed_reason', 'quorate', 'attendance']) {
      await queryRunner.query(`ALTER TABLE "conference" DROP COLUMN "${c}"`);
    }
  }
}
