import { MigrationInterface, QueryRunner } from 'typeorm';

export class AdvocateOffers1795689893424 implements MigrationInterface {
  name = 'AdvocateOffers1795689893424';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"advocate_offer\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"child_id\" uuid NOT NULL, \"conference_id\" uuid, \"open_scope\" uuid NOT NULL, \"status\" text NOT NULL DEFAULT 'OFFERED', \"offered_on\" date NOT NULL, \"offered_by_id\" uuid NOT NULL, \"responded_on\" date, \"decline_reason\" text, \"advocate_name\" text, \"allocated_on\" date, \"completed_on\" date, \"withdrawn_reason\" text, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_62e958ca427a9f689c5fd328f3d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_advocate_offer_open\" ON \"advocate_offer\"  (\"child_id\", \"open_scope\") WHERE status IN ('OFFERED', 'ACCEPTED', 'ALLOCATED')");
    await queryRunner.query("CREATE INDEX \"IDX_b2e8ba76b1731daf348a678375\" ON \"advocate_offer\"  (\"authority_id\", \"conference_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_bb331b379c85bf8fbb354f6cca\" ON \"advocate_offer\"  (\"authority_id\", \"child_id\") ");
    await queryRunner.query("ALTER TABLE \"advocate_offer\" ADD CONSTRAINT \"FK_fb0ae32f7b5de263b3accb33719\" FOREIGN KEY (\"authority_id\") REFERENCES \"authority\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"advocate_offer\" ADD CONSTRAINT \"FK_aa9b4da3586549735f3742c44a0\" FOREIGN KEY (\"child_id\") REFERENCES \"child\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"advocate_offer\" ADD CONSTRAINT \"FK_41f0f20ef3be48b2e088cee5118\" FOREIGN KEY (\"offered_by_id\") REFERENCES \"staff_member\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"advocate_offer\" DROP CONSTRAINT \"FK_41f0f20ef3be48b2e088cee5118\"");
    await queryRunner.query("ALTER TABLE \"advocate_offer\" DROP CONSTRAINT \"FK_aa9b4da3586549735f3742c44a0\"");
    await queryRunner.query("ALTER TABLE \"advocate_offer\" DROP CONSTRAINT \"FK_fb0ae32f7b5de263b3accb33719\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_bb331b379c85bf8fbb354f6cca\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b2e8ba76b1731daf348a678375\"");
    await queryRunner.query("DROP INDEX \"public\".\"UQ_advocate_offer_open\"");
    await queryRunner.query("DROP TABLE \"advocate_offer\"");
  }
}
