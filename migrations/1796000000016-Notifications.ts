import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16: email and webhook deliveries from the outbox, staff email addresses and preferences. */
export class Notifications1796000000016 implements MigrationInterface {
  name = 'Notifications1796000000016';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"notification_delivery\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"channel\" text NOT NULL, \"outbox_message_id\" bigint, \"recipient_id\" uuid, \"webhook_id\" uuid, \"event_type\" text NOT NULL, \"payload\" jsonb NOT NULL, \"digest\" boolean NOT NULL DEFAULT false, \"status\" text NOT NULL DEFAULT 'PENDING', \"attempts\" integer NOT NULL DEFAULT '0', \"due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"last_error\" text, \"delivered_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_109dea88c25343da49d86de6bfd\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_e9d630e00d04a2bd970389abb5\" ON \"notification_delivery\"  (\"outbox_message_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_5fe3cda6dc6d8d301f4767ab2f\" ON \"notification_delivery\"  (\"webhook_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_cb10a3f4bb2690e32e6996ac48\" ON \"notification_delivery\"  (\"authority_id\", \"channel\", \"status\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_notification_delivery_due\" ON \"notification_delivery\"  (\"due_at\") WHERE status = 'PENDING'");
    await queryRunner.query("CREATE TABLE \"webhook\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"url\" text NOT NULL, \"event_types\" text array NOT NULL, \"secret\" text NOT NULL, \"status\" text NOT NULL DEFAULT 'ACTIVE', \"disabled_reason\" text, \"created_by_id\" uuid, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_e6765510c2d078db49632b59020\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_435b1fd7b5a8f84589c8b8017c\" ON \"webhook\"  (\"authority_id\", \"created_at\") ");
    await queryRunner.query("ALTER TABLE \"staff_member\" ADD \"email\" text");
    await queryRunner.query("ALTER TABLE \"staff_member\" ADD \"email_mode\" text NOT NULL DEFAULT 'IMMEDIATE'");
    await queryRunner.query("ALTER TABLE \"outbox_message\" ADD \"fanned_out_at\" TIMESTAMP WITH TIME ZONE");
    // Messages from before email and webhooks existed are not sent now: they are history.
    await queryRunner.query("UPDATE \"outbox_message\" SET \"fanned_out_at\" = now()");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_message_unfanned\" ON \"outbox_message\"  (\"id\") WHERE fanned_out_at IS NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_outbox_message_unfanned\"");
    await queryRunner.query("ALTER TABLE \"outbox_message\" DROP COLUMN \"fanned_out_at\"");
    await queryRunner.query("ALTER TABLE \"staff_member\" DROP COLUMN \"email_mode\"");
    await queryRunner.query("ALTER TABLE \"staff_member\" DROP COLUMN \"email\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_435b1fd7b5a8f84589c8b8017c\"");
    await queryRunner.query("DROP TABLE \"webhook\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_notification_delivery_due\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_cb10a3f4bb2690e32e6996ac48\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_5fe3cda6dc6d8d301f4767ab2f\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_e9d630e00d04a2bd970389abb5\"");
    await queryRunner.query("DROP TABLE \"notification_delivery\"");
  }
}
