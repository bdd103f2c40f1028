import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConferencesPlansCoreGroups1795690193468 implements MigrationInterface {
  name = 'ConferencesPlansCoreGroups1795690193468';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"conference\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"type\" text NOT NULL, \"status\" text NOT NULL DEFAULT 'REQUESTED', \"team_id\" uuid NOT NULL, \"chair_id\" uuid, \"strategy_discussion_date\" date, \"transfer_notified_on\" date, \"clock_start\" date NOT NULL, \"due_by\" date NOT NULL, \"scheduled_for\" TIMESTAMP WITH TIME ZONE, \"held_on\" date, \"cancelled_on\" date, \"delay_reason\" text, \"previous_conference_id\" uuid, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_e203a214f53b0eeefb3db00fdb2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_7a6849dab5050f2865fafe00c0\" ON \"conference\"  (\"authority_id\", \"chair_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_098b14959ec088b7a6975932cb\" ON \"conference\"  (\"authority_id\", \"team_id\", \"due_by\") ");
    await queryRunner.query("CREATE INDEX \"IDX_8038db5116518a8c0c15c20ab1\" ON \"conference\"  (\"authority_id\", \"due_by\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"conference_child\" (\"conference_id\" uuid NOT NULL, \"child_id\" uuid NOT NULL, \"authority_id\" uuid NOT NULL, \"decision\" text, \"category\" text, \"end_reason\" text, \"plan_id\" uuid, \"attended\" boolean, \"views_shared\" text, CONSTRAINT \"PK_4263fd5bf24dacc69bdc32b6a51\" PRIMARY KEY (\"conference_id\", \"child_id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_348ab9ce13459729a8c417d874\" ON \"conference_child\"  (\"authority_id\", \"child_id\") ");
    await queryRunner.query("CREATE TABLE \"child_protection_plan\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"child_id\" uuid NOT NULL, \"status\" text NOT NULL DEFAULT 'ACTIVE', \"initial_category\" text NOT NULL, \"category\" text NOT NULL, \"start_date\" date NOT NULL, \"end_date\" date, \"end_reason_code\" text, \"end_reason\" text, \"unborn_at_start\" boolean NOT NULL DEFAULT false, \"started_by_conference_id\" uuid NOT NULL, \"last_conference_id\" uuid NOT NULL, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_4a7bfdfb649a42990089041c05b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_f0b7bf3ac95099dc105746d7a5\" ON \"child_protection_plan\"  (\"authority_id\", \"child_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_child_protection_plan_active_child\" ON \"child_protection_plan\"  (\"child_id\") WHERE status = 'ACTIVE'");
    await queryRunner.query("CREATE TABLE \"core_group\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"plan_id\" uuid NOT NULL, \"first_meeting_due_by\" date NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_52b8fe1f07f0cef993ebc57beda\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_595d6ffe6f12cdcef632d6bfbd\" ON \"core_group\"  (\"plan_id\") ");
    await queryRunner.query("CREATE TABLE \"core_group_meeting\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"core_group_id\" uuid NOT NULL, \"status\" text NOT NULL DEFAULT 'SCHEDULED', \"scheduled_for\" TIMESTAMP WITH TIME ZONE, \"held_on\" date, \"due_by\" date NOT NULL, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_7cb53490bd1875e93620f98a2f7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_af94a0a6b4c51451e87520533d\" ON \"core_group_meeting\"  (\"authority_id\", \"due_by\") ");
    await queryRunner.query("CREATE INDEX \"IDX_8085dc03d0d67ac2129762a3d1\" ON \"core_group_meeting\"  (\"core_group_id\", \"held_on\") ");
    await queryRunner.query("CREATE TABLE \"action_progress\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"meeting_id\" uuid NOT NULL, \"action_id\" uuid NOT NULL, \"progress\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_167ac697dd9006299b6c4816ba5\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_43578328f40c9a5bd30853270e\" ON \"action_progress\"  (\"action_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_5254c7c80fbc5dc710091e5fa9\" ON \"action_progress\"  (\"meeting_id\", \"action_id\") ");
    await queryRunner.query("ALTER TABLE \"conference\" ADD CONSTRAINT \"FK_1e0ad22cdf35021cbcc0a72df13\" FOREIGN KEY (\"authority_id\") REFERENCES \"authority\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"conference_child\" ADD CONSTRAINT \"FK_37694245dec8fd19aa8ef8d669a\" FOREIGN KEY (\"conference_id\") REFERENCES \"conference\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"conference_child\" ADD CONSTRAINT \"FK_a2a16c4a48e3e923d2751f99f00\" FOREIGN KEY (\"child_id\") REFERENCES \"child\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"child_protection_plan\" ADD CONSTRAINT \"FK_ed87e7d0cc54d85606ca4b4a128\" FOREIGN KEY (\"authority_id\") REFERENCES \"authority\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"child_protection_plan\" ADD CONSTRAINT \"FK_297722883cbe00ec6061a93852f\" FOREIGN KEY (\"child_id\") REFERENCES \"child\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"core_group\" ADD CONSTRAINT \"FK_595d6ffe6f12cdcef632d6bfbdc\" FOREIGN KEY (\"plan_id\") REFERENCES \"child_protection_plan\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"core_group_meeting\" ADD CONSTRAINT \"FK_f292a251704728954c64281ff20\" FOREIGN KEY (\"core_group_id\") REFERENCES \"core_group\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"action_progress\" ADD CONSTRAINT \"FK_39bd63e411fc2ef826a7f8a345a\" FOREIGN KEY (\"meeting_id\") REFERENCES \"core_group_meeting\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"action_progress\" DROP CONSTRAINT \"FK_39bd63e411fc2ef826a7f8a345a\"");
    await queryRunner.query("ALTER TABLE \"core_group_meeting\" DROP CONSTRAINT \"FK_f292a251704728954c64281ff20\"");
    await queryRunner.query("ALTER TABLE \"core_group\" DROP CONSTRAINT \"FK_595d6ffe6f12cdcef632d6bfbdc\"");
    await queryRunner.query("ALTER TABLE \"child_protection_plan\" DROP CONSTRAINT \"FK_297722883cbe00ec6061a93852f\"");
    await queryRunner.query("ALTER TABLE \"child_protection_plan\" DROP CONSTRAINT \"FK_ed87e7d0cc54d85606ca4b4a128\"");
    await queryRunner.query("ALTER TABLE \"conference_child\" DROP CONSTRAINT \"FK_a2a16c4a48e3e923d2751f99f00\"");
    await queryRunner.query("ALTER TABLE \"conference_child\" DROP CONSTRAINT \"FK_37694245dec8fd19aa8ef8d669a\"");
    await queryRunner.query("ALTER TABLE \"conference\" DROP CONSTRAINT \"FK_1e0ad22cdf35021cbcc0a72df13\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_5254c7c80fbc5dc710091e5fa9\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_43578328f40c9a5bd30853270e\"");
    await queryRunner.query("DROP TABLE \"action_progress\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8085dc03d0d67ac2129762a3d1\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_af94a0a6b4c51451e87520533d\"");
    await queryRunner.query("DROP TABLE \"core_group_meeting\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_595d6ffe6f12cdcef632d6bfbd\"");
    await queryRunner.query("DROP TABLE \"core_group\"");
    await queryRunner.query("DROP INDEX \"public\".\"UQ_child_protection_plan_active_child\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_f0b7bf3ac95099dc105746d7a5\"");
    await queryRunner.query("DROP TABLE \"child_protection_plan\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_348ab9ce13459729a8c417d874\"");
    await queryRunner.query("DROP TABLE \"conference_child\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8038db5116518a8c0c15c20ab1\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_098b14959ec088b7a6975932cb\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7a6849dab5050f2865fafe00c0\"");
    await queryRunner.query("DROP TABLE \"conference\"");
  }
}
