import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15: case audits, who may record them and how long agreement takes (authority settings), inbox items linking to them. */
export class CaseAudits1796000000017 implements MigrationInterface {
  name = 'CaseAudits1796000000017';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"case_audit\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"child_id\" uuid NOT NULL, \"team_id\" uuid NOT NULL, \"auditor_id\" uuid NOT NULL, \"team_manager_id\" uuid, \"status\" text NOT NULL DEFAULT 'AWAITING_AGREEMENT', \"audited_on\" date NOT NULL, \"grade\" text NOT NULL, \"findings\" text NOT NULL, \"proposed_actions\" jsonb NOT NULL DEFAULT '[]', \"agreement_due_by\" date NOT NULL, \"agreed_on\" date, \"agreed_by_id\" uuid, \"closed_on\" date, \"impact\" text, \"agreement_overdue_alerted\" boolean NOT NULL DEFAULT false, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ff07580f3f16738687a1718bd02\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_case_audit_agreement_due\" ON \"case_audit\"  (\"agreement_due_by\", \"authority_id\") WHERE status = 'AWAITING_AGREEMENT' AND NOT agreement_overdue_alerted");
    await queryRunner.query("CREATE INDEX \"IDX_e67fde44f71eb8e6249710a091\" ON \"case_audit\"  (\"authority_id\", \"audited_on\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a95711580c2fea0760fd0629f0\" ON \"case_audit\"  (\"authority_id\", \"child_id\", \"audited_on\") ");
    await queryRunner.query("ALTER TABLE \"authority\" ADD \"case_audit_roles\" text array NOT NULL DEFAULT '{CHAIR,SERVICE_MANAGER,HEAD_OF_SERVICE}'");
    await queryRunner.query("ALTER TABLE \"authority\" ADD \"case_audit_agreement_working_days\" integer NOT NULL DEFAULT '5'");
    await queryRunner.query("ALTER TABLE \"inbox_alert\" ADD \"case_audit_id\" uuid");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"inbox_alert\" DROP COLUMN \"case_audit_id\"");
    await queryRunner.query("ALTER TABLE \"authority\" DROP COLUMN \"case_audit_agreement_working_days\"");
    await queryRunner.query("ALTER TABLE \"authority\" DROP COLUMN \"case_audit_roles\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a95711580c2fea0760fd0629f0\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_e67fde44f71eb8e6249710a091\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_case_audit_agreement_due\"");
    await queryRunner.query("DROP TABLE \"case_audit\"");
  }
}
