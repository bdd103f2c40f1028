import { MigrationInterface, QueryRunner } from 'typeorm';

/** conversation gets updated_at like every other versioned table (issue 11: the engine's update sets it). */
export class ConversationUpdatedAt1796000000011 implements MigrationInterface {
  name = 'ConversationUpdatedAt1796000000011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "conversation" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "conversation" DROP COLUMN "updated_at"');
  }
}
