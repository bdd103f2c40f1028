import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 17: the bulk import's external references (docs/import.md), so that re-importing a file writes nothing twice. */
export class ImportReferences1796000000021 implements MigrationInterface {
  name = 'ImportReferences1796000000021';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"import_reference\" (\"authority_id\" uuid NOT NULL, \"record_type\" text NOT NULL, \"external_ref\" text NOT NULL, \"entity_id\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ca556501d3ed97ca47ed67ca3a4\" PRIMARY KEY (\"authority_id\", \"record_type\", \"external_ref\"))");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"import_reference\"");
  }
}
