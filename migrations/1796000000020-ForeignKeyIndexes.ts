import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 17: every foreign key leads an index (test/integration/fk-indexes.spec.ts); conference_child(plan_id) is what the census joins per plan; action(plan_id) and section47_enquiry(strategy_discussion_id) are what loaders look up by. */
export class ForeignKeyIndexes1796000000020 implements MigrationInterface {
  name = 'ForeignKeyIndexes1796000000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_6179a2be52706f9f00713a46d0\" ON \"team\"  (\"service_manager_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_7c465539caf477c90771fed198\" ON \"team\"  (\"manager_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_26b9dcf92dd96f3e99c88ad17f\" ON \"child\"  (\"social_worker_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_52d5828122ff2c63ba6e54a77f\" ON \"child\"  (\"team_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_41f0f20ef3be48b2e088cee511\" ON \"advocate_offer\"  (\"offered_by_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_aa9b4da3586549735f3742c44a\" ON \"advocate_offer\"  (\"child_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_3b1358207298b30e31ad793d1a\" ON \"action\"  (\"owner_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_02fbdbbc0724358758ea05d816\" ON \"conversation\"  (\"child_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a4a81b019bfbfe3d61b7d3e907\" ON \"escalation\"  (\"child_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_5849fa0f344ce38e994ea35cb1\" ON \"conference_child\"  (\"plan_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a2a16c4a48e3e923d2751f99f0\" ON \"conference_child\"  (\"child_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_297722883cbe00ec6061a93852\" ON \"child_protection_plan\"  (\"child_id\") ");
    // Not foreign keys, but what the loaders look up by: a plan's actions, a strategy discussion's enquiries.
    await queryRunner.query("CREATE INDEX \"IDX_73de59f4ddad48bad469c1afdb\" ON \"action\"  (\"plan_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_2762d07786e1c281cf9d1112fd\" ON \"section47_enquiry\"  (\"strategy_discussion_id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_2762d07786e1c281cf9d1112fd\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_73de59f4ddad48bad469c1afdb\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_297722883cbe00ec6061a93852\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a2a16c4a48e3e923d2751f99f0\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_5849fa0f344ce38e994ea35cb1\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a4a81b019bfbfe3d61b7d3e907\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_02fbdbbc0724358758ea05d816\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_3b1358207298b30e31ad793d1a\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_aa9b4da3586549735f3742c44a\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_41f0f20ef3be48b2e088cee511\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_52d5828122ff2c63ba6e54a77f\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_26b9dcf92dd96f3e99c88ad17f\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7c465539caf477c90771fed198\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_6179a2be52706f9f00713a46d0\"");
  }
}
