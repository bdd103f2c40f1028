import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795687834028 implements MigrationInterface {
  name = 'Foundation1795687834028';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"authority\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"code\" text NOT NULL, \"name\" text NOT NULL, \"stage_response_working_days\" integer array NOT NULL DEFAULT '{5,5,5,5}', \"core_group_interval_weeks\" integer NOT NULL DEFAULT '4', \"breach_policy\" text NOT NULL DEFAULT 'AUTO_ESCALATE', \"advocate_age_threshold\" integer NOT NULL DEFAULT '5', \"closure_days\" date array NOT NULL DEFAULT '{}', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_93adc699e1d80f9ae95b6375281\" UNIQUE (\"code\"), CONSTRAINT \"PK_b0f9bb35ff132fc6bd92d0582ce\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"staff_member\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"subject\" text NOT NULL, \"name\" text NOT NULL, \"roles\" text array NOT NULL DEFAULT '{}', \"team_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_342343208cbc30b3c14a976b0a0\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_dbe83a8c8cc8228d49832f5a56\" ON \"staff_member\"  (\"team_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_530d96e4e2449e8f16067293d4\" ON \"staff_member\"  (\"authority_id\", \"subject\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_530d96e4e2449e8f16067293d4\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_dbe83a8c8cc8228d49832f5a56\"");
    await queryRunner.query("DROP TABLE \"staff_member\"");
    await queryRunner.query("DROP TABLE \"authority\"");
  }
}
