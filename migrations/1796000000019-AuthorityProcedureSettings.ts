import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the pre-birth review interval and the transfer-in clock start as authority settings
 * (defaults as before: 10 working days, NOTIFICATION), and on each conference the values it was
 * requested under, so a later change of a setting never moves an existing conference's dates.
 */
export class AuthorityProcedureSettings1796000000019 implements MigrationInterface {
  name = 'AuthorityProcedureSettings1796000000019';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"authority\" ADD \"pre_birth_review_working_days\" integer NOT NULL DEFAULT '10'");
    await queryRunner.query("ALTER TABLE \"authority\" ADD \"transfer_in_clock_start\" text NOT NULL DEFAULT 'NOTIFICATION'");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"referral_accepted_on\" date");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"pre_birth_review_working_days\" integer NOT NULL DEFAULT '10'");
    await queryRunner.query("ALTER TABLE \"conference\" ADD \"transfer_in_clock_start\" text");
    // Every transfer-in conference so far ran from the notification of the move.
    await queryRunner.query("UPDATE \"conference\" SET \"transfer_in_clock_start\" = 'NOTIFICATION' WHERE \"type\" = 'TRANSFER_IN'");
    await queryRunner.query("ALTER TABLE \"authority\" ADD CONSTRAINT \"CHK_authority_transfer_in_clock_start\" CHECK (\"transfer_in_clock_start\" IN ('NOTIFICATION', 'REFERRAL_ACCEPTED'))");
    await queryRunner.query("ALTER TABLE \"authority\" ADD CONSTRAINT \"CHK_authority_pre_birth_review_working_days\" CHECK (\"pre_birth_review_working_days\" BETWEEN 1 AND 65)");
    await queryRunner.query("ALTER TABLE \"conference\" ADD CONSTRAINT \"CHK_conference_referral_after_notification\" CHECK (\"referral_accepted_on\" >= \"transfer_notified_on\")");
    await queryRunner.query("ALTER TABLE \"conference\" ADD CONSTRAINT \"CHK_conference_transfer_in_clock_start\" CHECK (\"transfer_in_clock_start\" IN ('NOTIFICATION', 'REFERRAL_ACCEPTED'))");
    await queryRunner.query("ALTER TABLE \"conference\" ADD CONSTRAINT \"CHK_conference_pre_birth_review_working_days\" CHECK (\"pre_birth_review_working_days\" BETWEEN 1 AND 65)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"conference\" DROP CONSTRAINT \"CHK_conference_pre_birth_review_working_days\"");
    await queryRunner.query("ALTER TABLE \"conference\" DROP CONSTRAINT \"CHK_conference_transfer_in_clock_start\"");
    await queryRunner.query("ALTER TABLE \"conference\" DROP CONSTRAINT \"CHK_conference_referral_after_notification\"");
    await queryRunner.query("ALTER TABLE \"authority\" DROP CONSTRAINT \"CHK_authority_pre_birth_review_working_days\"");
    await queryRunner.query("ALTER TABLE \"authority\" DROP CONSTRAINT \"CHK_authority_transfer_in_clock_start\"");
    await queryRunner.query("ALTER TABLE \"conference\" DROP COLUMN \"transfer_in_clock_start\"");
    await queryRunner.query("ALTER TABLE \"conference\" DROP COLUMN \"pre_birth_review_working_days\"");
    await queryRunner.query("ALTER TABLE \"conference\" DROP COLUMN \"referral_accepted_on\"");
    await queryRunner.query("ALTER TABLE \"authority\" DROP COLUMN \"transfer_in_clock_start\"");
    await queryRunner.query("ALTER TABLE \"authority\" DROP COLUMN \"pre_birth_review_working_days\"");
  }
}
