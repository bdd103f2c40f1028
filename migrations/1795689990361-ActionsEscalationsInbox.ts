import { MigrationInterface, QueryRunner } from 'typeorm';

export class ActionsEscalationsInbox1795689990361 implements MigrationInterface {
  name = 'ActionsEscalationsInbox1795689990361';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"action\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"source\" text NOT NULL, \"subject_type\" text NOT NULL, \"subject_id\" uuid NOT NULL, \"child_id\" uuid NOT NULL, \"plan_id\" uuid, \"description\" text NOT NULL, \"owner_id\" uuid NOT NULL, \"created_by_id\" uuid, \"agreed_on\" date NOT NULL, \"due_by\" date NOT NULL, \"status\" text NOT NULL DEFAULT 'OPEN', \"completed_on\" date, \"outcome\" text, \"cancel_reason\" text, \"overdue_alerted\" boolean NOT NULL DEFAULT false, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_2d9db9cf5edfbbae74eb56e3a39\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_action_overdue_due\" ON \"action\"  (\"due_by\", \"authority_id\") WHERE status = 'OPEN' AND NOT overdue_alerted");
    await queryRunner.query("CREATE INDEX \"IDX_2142a6e726604cb7c71dedad95\" ON \"action\"  (\"authority_id\", \"child_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_20bea1c9ba1f3a04ac63a95c5c\" ON \"action\"  (\"authority_id\", \"created_by_id\", \"due_by\") WHERE status = 'OPEN'");
    await queryRunner.query("CREATE INDEX \"IDX_bdb5b489d5cfb7b39caac42aed\" ON \"action\"  (\"authority_id\", \"owner_id\", \"due_by\") WHERE status = 'OPEN'");
    await queryRunner.query("CREATE INDEX \"IDX_569b64d8a7275ecd4f191f0219\" ON \"action\"  (\"authority_id\", \"subject_type\", \"subject_id\") ");
    await queryRunner.query("CREATE TABLE \"conversation\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"chair_id\" uuid NOT NULL, \"with_staff_id\" uuid NOT NULL, \"child_id\" uuid NOT NULL, \"held_on\" date NOT NULL, \"summary\" text NOT NULL, \"escalation_id\" uuid, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_864528ec4274360a40f66c29845\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_0bb217da5d18bda7881d01f87b\" ON \"conversation\"  (\"authority_id\", \"chair_id\", \"held_on\") ");
    await queryRunner.query("CREATE INDEX \"IDX_6663346d89f7586166076d496f\" ON \"conversation\"  (\"authority_id\", \"child_id\", \"held_on\") ");
    await queryRunner.query("CREATE TABLE \"escalation\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"reference\" text NOT NULL, \"child_id\" uuid NOT NULL, \"conference_id\" uuid, \"conversation_id\" uuid, \"raised_by_id\" uuid NOT NULL, \"raised_on\" date NOT NULL, \"concern\" text NOT NULL, \"summary\" text NOT NULL, \"status\" text NOT NULL DEFAULT 'OPEN', \"stage\" integer NOT NULL, \"response_due_by\" date NOT NULL, \"breached\" boolean NOT NULL DEFAULT false, \"closed_on\" date, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_2c9a4d9277ed8620a8a72813864\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_ffd6ca655f147f0bce870acfcc\" ON \"escalation\"  (\"authority_id\", \"raised_by_id\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"IDX_8a71fc0dbd313904b12f857d4e\" ON \"escalation\"  (\"authority_id\", \"child_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_287e686649bb187dd979f1d1d3\" ON \"escalation\"  (\"authority_id\", \"raised_on\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_7b32e68c92f80918212c936733\" ON \"escalation\"  (\"authority_id\", \"reference\") ");
    await queryRunner.query("CREATE TABLE \"escalation_stage\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"escalation_id\" uuid NOT NULL, \"stage\" integer NOT NULL, \"assigned_role\" text NOT NULL, \"assigned_to\" uuid, \"opened_on\" date NOT NULL, \"response_due_by\" date NOT NULL, \"acknowledged_at\" TIMESTAMP WITH TIME ZONE, \"responded_at\" TIMESTAMP WITH TIME ZONE, \"response\" text, \"breached\" boolean NOT NULL DEFAULT false, \"outcome\" text, \"closed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_e898d86f38b491222f416c5b624\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_escalation_stage_due\" ON \"escalation_stage\"  (\"response_due_by\", \"authority_id\") WHERE responded_at IS NULL AND outcome IS NULL AND NOT breached");
    await queryRunner.query("CREATE INDEX \"IDX_escalation_stage_role\" ON \"escalation_stage\"  (\"authority_id\", \"assigned_role\") WHERE outcome IS NULL AND assigned_to IS NULL");
    await queryRunner.query("CREATE INDEX \"IDX_escalation_stage_assignee\" ON \"escalation_stage\"  (\"authority_id\", \"assigned_to\") WHERE outcome IS NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_96cb9907124ac5468c1b168dc9\" ON \"escalation_stage\"  (\"escalation_id\", \"stage\") ");
    await queryRunner.query("CREATE TABLE \"escalation_reference_counter\" (\"authority_id\" uuid NOT NULL, \"year\" integer NOT NULL, \"last_number\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_22a9ec15036173690e59f71fa7a\" PRIMARY KEY (\"authority_id\", \"year\"))");
    await queryRunner.query("CREATE TABLE \"inbox_alert\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"recipient_id\" uuid NOT NULL, \"kind\" text NOT NULL, \"reason\" text NOT NULL, \"due_by\" date NOT NULL, \"escalation_id\" uuid, \"action_id\" uuid, \"dedupe_key\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"cleared_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_2d4cbadc83530ea7c7c807504af\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_inbox_alert_open\" ON \"inbox_alert\"  (\"authority_id\", \"recipient_id\", \"due_by\") WHERE cleared_at IS NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_e819a2efdd5698e01f98356266\" ON \"inbox_alert\"  (\"authority_id\", \"recipient_id\", \"dedupe_key\") ");
    await queryRunner.query("ALTER TABLE \"action\" ADD CONSTRAINT \"FK_3b1358207298b30e31ad793d1a8\" FOREIGN KEY (\"owner_id\") REFERENCES \"staff_member\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"conversation\" ADD CONSTRAINT \"FK_02fbdbbc0724358758ea05d8167\" FOREIGN KEY (\"child_id\") REFERENCES \"child\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"escalation\" ADD CONSTRAINT \"FK_a4a81b019bfbfe3d61b7d3e9079\" FOREIGN KEY (\"child_id\") REFERENCES \"child\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"escalation_stage\" ADD CONSTRAINT \"FK_0da347aa84610348c5e647c659a\" FOREIGN KEY (\"escalation_id\") REFERENCES \"escalation\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"escalation_stage\" DROP CONSTRAINT \"FK_0da347aa84610348c5e647c659a\"");
    await queryRunner.query("ALTER TABLE \"escalation\" DROP CONSTRAINT \"FK_a4a81b019bfbfe3d61b7d3e9079\"");
    await queryRunner.query("ALTER TABLE \"conversation\" DROP CONSTRAINT \"FK_02fbdbbc0724358758ea05d8167\"");
    await queryRunner.query("ALTER TABLE \"action\" DROP CONSTRAINT \"FK_3b1358207298b30e31ad793d1a8\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_e819a2efdd5698e01f98356266\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_inbox_alert_open\"");
    await queryRunner.query("DROP TABLE \"inbox_alert\"");
    await queryRunner.query("DROP TABLE \"escalation_reference_counter\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_96cb9907124ac5468c1b168dc9\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_escalation_stage_assignee\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_escalation_stage_role\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_escalation_stage_due\"");
    await queryRunner.query("DROP TABLE \"escalation_stage\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7b32e68c92f80918212c936733\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_287e686649bb187dd979f1d1d3\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8a71fc0dbd313904b12f857d4e\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ffd6ca655f147f0bce870acfcc\"");
    await queryRunner.query("DROP TABLE \"escalation\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_6663346d89f7586166076d496f\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_0bb217da5d18bda7881d01f87b\"");
    await queryRunner.query("DROP TABLE \"conversation\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_569b64d8a7275ecd4f191f0219\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_bdb5b489d5cfb7b39caac42aed\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_20bea1c9ba1f3a04ac63a95c5c\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_2142a6e726604cb7c71dedad95\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_action_overdue_due\"");
    await queryRunner.query("DROP TABLE \"action\"");
  }
}
