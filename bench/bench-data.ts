import { Pool } from 'pg';

/** The one query every contender answers: 50 rows, five fields. */
export const BENCH_QUERY = '{ items(first: 50) { id name code amount createdAt } }';
export const BENCH_ROWS = 50;

export interface BenchItem {
  id: string;
  name: string;
  code: string;
  amount: number;
  createdAt: string;
}

const SELECT = 'SELECT id, name, code, amount, created_at FROM bench_item ORDER BY id LIMIT $1';

/** The same data access for all three servers, so that only the GraphQL layer differs. */
export async function readItems(pool: Pool, first: number): Promise<BenchItem[]> {
  const { rows } = await pool.query(SELECT, [first]);
  return rows.map((r: { id: number; name: string; code: string; amount: number; created_at: Date }) => ({
    id: String(r.id),
    name: r.name,
    code: r.code,
    amount: r.amount,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function createBenchTable(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`
      CREATE TABLE bench_item (
        id serial PRIMARY KEY,
        name text NOT NULL,
        code text NOT NULL,
        amount integer NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await pool.query(`
      INSERT INTO bench_item (name, code, amount, created_at)
      SELECT 'Item number ' || g, 'C' || lpad(g::text, 6, '0'), (g * 37) % 1000, timestamptz '2026-01-01 09:00:00+00' + g * interval '1 hour'
      FROM generate_series(1, 1000) AS g`);
    await pool.query('ANALYZE bench_item');
  } finally {
    await pool.end();
  }
}

export const benchPool = (url: string) => new Pool({ connectionString: url, max: 10 });
