import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 14: strategy discussions and the section 47 enquiries they start, one per child. */
export class StatutoryTruth1796000000014 implements MigrationInterface {
  name = 'StatutoryTruth1796000000014';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"strategy_discussion\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"team_id\" uuid NOT NULL, \"held_on\" date NOT NULL, \"child_ids\" uuid array NOT NULL, \"section47_initiated\" boolean NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ffd070aa852f8f8dec31f3b3cf3\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_c5ce2088460de13a509f3c36c4\" ON \"strategy_discussion\"  (\"authority_id\", \"held_on\") ");
    await queryRunner.query("CREATE TABLE \"section47_enquiry\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"child_id\" uuid NOT NULL, \"team_id\" uuid NOT NULL, \"strategy_discussion_id\" uuid NOT NULL, \"started_on\" date NOT NULL, \"status\" text NOT NULL DEFAULT 'OPEN', \"outcome\" text, \"completed_on\" date, \"conference_id\" uuid, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_268832b682d91e31184a419b4dd\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_74e9b81b1d28298949fcdc5ddf\" ON \"section47_enquiry\"  (\"conference_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_ecae3badd490c1a28fcb7273ae\" ON \"section47_enquiry\"  (\"authority_id\", \"child_id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ecae3badd490c1a28fcb7273ae\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_74e9b81b1d28298949fcdc5ddf\"");
    await queryRunner.query("DROP TABLE \"section47_enquiry\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c5ce2088460de13a509f3c36c4\"");
    await queryRunner.query("DROP TABLE \"strategy_discussion\"");
  }
}
