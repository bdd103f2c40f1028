import { MigrationInterface, QueryRunner } from 'typeorm';
import { appendLeaf, leafHash, MerkleNode } from '../src/audit/merkle';

/** Issue 13: the RFC 9162 Merkle tree over each authority's audit events, and signed checkpoints. */
export class AnchoredAudit1796000000013 implements MigrationInterface {
  name = 'AnchoredAudit1796000000013';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"audit_merkle_node\" (\"authority_id\" uuid NOT NULL, \"level\" smallint NOT NULL, \"node_index\" integer NOT NULL, \"hash\" text NOT NULL, CONSTRAINT \"PK_dc9422201dee32feef09e307539\" PRIMARY KEY (\"authority_id\", \"level\", \"node_index\"))");
    await queryRunner.query("CREATE TABLE \"audit_checkpoint\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"authority_id\" uuid NOT NULL, \"tree_size\" integer NOT NULL, \"root_hash\" text NOT NULL, \"signed_at\" TIMESTAMP(3) WITH TIME ZONE NOT NULL, \"key_id\" text NOT NULL, \"signed_text\" text NOT NULL, \"signature\" text NOT NULL, CONSTRAINT \"PK_9720e45bb755b61bb1ab7d43839\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_415d637bf7875d122d60891b73\" ON \"audit_checkpoint\"  (\"authority_id\", \"tree_size\") ");
    await queryRunner.query("ALTER TABLE \"audit_chain_head\" ADD \"frontier\" text array NOT NULL DEFAULT '{}'");
    // The tree and the checkpoints are as append-only as the events they cover.
    await queryRunner.query(`CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    for (const table of ['audit_merkle_node', 'audit_checkpoint']) {
      await queryRunner.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
    }
    await this.backfill(queryRunner);
  }

  /** The tree of every event already logged, authority by authority, in batches. */
  private async backfill(queryRunner: QueryRunner): Promise<void> {
    const heads: { authority_id: string }[] = await queryRunner.query('SELECT authority_id FROM audit_chain_head WHERE last_sequence > 0 FOR UPDATE');
    for (const { authority_id: authorityId } of heads) {
      let frontier: string[] = [];
      let size = 0;
      for (;;) {
        const rows: { hash: string }[] = await queryRunner.query(
          'SELECT hash FROM audit_event WHERE authority_id = $1 AND sequence > $2 ORDER BY sequence LIMIT 5000', [authorityId, size]);
        if (rows.length === 0) break;
        const nodes: MerkleNode[] = [];
        for (const row of rows) {
          const appended = appendLeaf(frontier, size++, leafHash(row.hash));
          frontier = appended.frontier;
          nodes.push(...appended.nodes);
        }
        await queryRunner.query(
          'INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) SELECT $1, * FROM unnest($2::smallint[], $3::int[], $4::text[])',
          [authorityId, nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)]);
      }
      await queryRunner.query('UPDATE audit_chain_head SET frontier = $2 WHERE authority_id = $1', [authorityId, frontier]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"audit_chain_head\" DROP COLUMN \"frontier\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_415d637bf7875d122d60891b73\"");
    await queryRunner.query("DROP TABLE \"audit_checkpoint\"");
    await queryRunner.query("DROP TABLE \"audit_merkle_node\"");
    await queryRunner.query('DROP FUNCTION audit_append_only()');
  }
}
