import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { auditHash } from '../src/audit/audit-hash';
import { appendLeaf, leafHash } from '../src/audit/merkle';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, shared with the service's process (service-server.cjs)
const { answerStats, installStatementCounter } = require('./statement-counter.cjs') as {
  answerStats(): void;
  installStatementCounter(): void;
};

installStatementCounter();

// The baseline of npm run bench: node:http + pg, no GraphQL, no framework. Each read is ONE
// statement that builds the whole answer as JSON in PostgreSQL (json_agg), in the same shape the
// service's GraphQL answer has, and the server passes that text through. Writes are one
// transaction doing the inserts the service does (see raise()). It connects as the tables' owner
// and filters by authority_id itself (no row-level security): the ceiling, not a rival design.
//   node bench/raw-service-server.ts <databaseUrl>     prints READY <port>
// POST /page {authorityId, first, after?}   POST /escalation {authorityId, id}   POST /raise {...}

const ts = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const date = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const person = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'name', ${alias}.name) END`;

/** One escalation node, as the auditor's page selects it; `e` is the escalation row. */
const NODE = `json_build_object(
  'id', e.id, 'reference', e.reference, 'status', e.status, 'stage', e.stage, 'breached', e.breached,
  'raisedOn', ${date('e.raised_on')}, 'responseDueBy', ${date('e.response_due_by')},
  'child', (SELECT json_build_object('id', c.id, 'caseReference', c.case_reference) FROM child c WHERE c.id = e.child_id AND c.authority_id = e.authority_id),
  'raisedBy', (SELECT ${person('s')} FROM staff_member s WHERE s.id = e.raised_by_id AND s.authority_id = e.authority_id),
  'stages', coalesce((SELECT json_agg(json_build_object(
      'stage', t.stage, 'assignedRole', t.assigned_role, 'openedOn', ${date('t.opened_on')}, 'responseDueBy', ${date('t.response_due_by')},
      'respondedAt', ${ts('t.responded_at')}, 'outcome', t.outcome, 'breached', t.breached, 'assignedTo', ${person('a')}) ORDER BY t.stage)
    FROM escalation_stage t LEFT JOIN staff_member a ON a.id = t.assigned_to AND a.authority_id = t.authority_id
    WHERE t.escalation_id = e.id AND t.authority_id = e.authority_id), '[]'::json),
  'actions', coalesce((SELECT json_agg(json_build_object(
      'id', x.id, 'description', x.description, 'status', x.status, 'dueBy', ${date('x.due_by')}, 'owner', ${person('o')}) ORDER BY x.due_by, x.created_at, x.id)
    FROM action x LEFT JOIN staff_member o ON o.id = x.owner_id AND o.authority_id = x.authority_id
    WHERE x.authority_id = e.authority_id AND x.subject_type = 'Escalation' AND x.subject_id = e.id), '[]'::json),
  'history', coalesce((SELECT json_agg(json_build_object(
      'action', h.action, 'at', ${ts('h.at')}, 'fromStatus', h.from_status, 'toStatus', h.to_status, 'reason', h.reason, 'actor', ${person('p')}) ORDER BY h.sequence)
    FROM audit_event h LEFT JOIN staff_member p ON p.id = h.actor_id AND p.authority_id = h.authority_id
    WHERE h.authority_id = e.authority_id AND h.entity_type = 'Escalation' AND h.entity_id = e.id), '[]'::json))`;

/** A keyset page, newest raised first, with the service's cursors: base64url of [raised_on, id]. */
const PAGE = `SELECT json_build_object('data', json_build_object('escalations', json_build_object('edges', coalesce(json_agg(json_build_object(
    'cursor', translate(rtrim(encode(convert_to(json_build_array(${date('e.raised_on')}, e.id)::text, 'UTF8'), 'base64'), '='), '+/', '-_'),
    'node', ${NODE}) ORDER BY e.raised_on DESC, e.id DESC), '[]'::json))))::text AS body
  FROM (SELECT * FROM escalation WHERE authority_id = $1 AND ($3::date IS NULL OR (raised_on, id) < ($3::date, $4::uuid))
        ORDER BY raised_on DESC, id DESC LIMIT $2) e`;

const BY_ID = `SELECT json_build_object('data', json_build_object('escalation', (SELECT ${NODE} FROM escalation e WHERE e.authority_id = $1 AND e.id = $2)))::text AS body`;

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

export async function main(): Promise<void> {
  const [url, poolSize = '20'] = process.argv.slice(2);
  if (!url) throw new Error('usage: raw-service-server.ts <databaseUrl> [poolSize]');
  const pool = new Pool({ connectionString: url, max: Number(poolSize) });
  const send = (res: ServerResponse, status: number, text: string) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(text);
  const server = createServer((req, res) => {
    body(req)
      .then(async (input) => {
        if (req.url === '/page') {
          const cursor =
            typeof input.after === 'string'
              ? (JSON.parse(Buffer.from(input.after, 'base64url').toString('utf8')) as [string, string])
              : [null, null];
          const { rows } = await pool.query(PAGE, [input.authorityId, input.first ?? 50, cursor[0], cursor[1]]);
          return send(res, 200, rows[0].body);
        }
        if (req.url === '/escalation') {
          const { rows } = await pool.query(BY_ID, [input.authorityId, input.id]);
          return send(res, 200, rows[0].body);
        }
        if (req.url === '/raise')
          return send(
            res,
            200,
            JSON.stringify({ data: { raiseEscalation: await raise(pool, input as unknown as RaiseInput) } }),
          );
        send(res, 404, '{}');
      })
      .catch((error: unknown) =>
        send(
          res,
          500,
          JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }),
        ),
      );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  answerStats();
  process.on('SIGTERM', () => {
    server.close();
    pool.end().finally(() => process.exit(0));
  });
  process.stdout.write(`READY ${(server.address() as { port: number }).port}\n`);
}

export interface RaiseInput {
  authorityId: string;
  childId: string;
  raisedById: string;
  raisedOn: string;
  responseDueBy: string;
  concern: string;
  summary: string;
}

/**
 * raiseEscalation as one raw transaction: the inserts the service makes (reference counter,
 * escalation, stage 1 for the team manager, the assignee's outbox message and its NOTIFY) and the
 * same audit append (the head locked, the event, its Merkle nodes and the new head in one
 * statement, hashed with the service's own functions, so the chain stays valid), audit last.
 */
export async function raise(pool: Pool, input: RaiseInput): Promise<{ id: string; reference: string }> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const [child] = (
      await db.query(
        'SELECT c.id, t.manager_id FROM child c JOIN team t ON t.id = c.team_id WHERE c.id = $1 AND c.authority_id = $2',
        [input.childId, input.authorityId],
      )
    ).rows;
    if (!child) throw new Error('no such child');
    const year = Number(input.raisedOn.slice(0, 4));
    const [{ last_number }] = (
      await db.query(
        'INSERT INTO escalation_reference_counter (authority_id, year, last_number) VALUES ($1, $2, 1) ON CONFLICT (authority_id, year) DO UPDATE SET last_number = escalation_reference_counter.last_number + 1 RETURNING last_number',
        [input.authorityId, year],
      )
    ).rows;
    const reference = `ESC-${year}-${String(last_number).padStart(4, '0')}`;
    const [{ id }] = (
      await db.query(
        `INSERT INTO escalation (authority_id, reference, child_id, raised_by_id, raised_on, concern, summary, stage, response_due_by) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id`,
        [
          input.authorityId,
          reference,
          input.childId,
          input.raisedById,
          input.raisedOn,
          input.concern,
          input.summary,
          input.responseDueBy,
        ],
      )
    ).rows;
    await db.query(
      `INSERT INTO escalation_stage (authority_id, escalation_id, stage, assigned_role, assigned_to, opened_on, response_due_by) VALUES ($1, $2, 1, 'TEAM_MANAGER', $3, $4, $5)`,
      [input.authorityId, id, child.manager_id, input.raisedOn, input.responseDueBy],
    );
    const payload = {
      kind: 'STAGE_OPENED',
      dueBy: input.responseDueBy,
      reason: `${reference}: stage 1 escalation awaiting your response`,
      actionId: null,
      escalationId: id,
    };
    await db.query(
      `INSERT INTO outbox_message (authority_id, recipient_id, topic, payload) VALUES ($1, $2, 'INBOX', $3)`,
      [input.authorityId, child.manager_id, JSON.stringify(payload)],
    );
    await db.query("SELECT pg_notify('outbox', $1)", [input.authorityId]);
    const [head] = (
      await db.query(
        'SELECT last_sequence, last_hash, frontier FROM audit_chain_head WHERE authority_id = $1 FOR UPDATE',
        [input.authorityId],
      )
    ).rows;
    const details = {
      stage: 1,
      childId: input.childId,
      concern: input.concern,
      bypassed: false,
      raisedOn: input.raisedOn,
      reference,
      conferenceId: null,
      responseDueBy: input.responseDueBy,
      conversationId: null,
    };
    const at = new Date();
    const fields = {
      authorityId: input.authorityId,
      sequence: head.last_sequence + 1,
      at,
      actorId: input.raisedById,
      entityType: 'Escalation',
      entityId: id,
      action: 'ESCALATION_CREATED',
      fromStatus: null,
      toStatus: 'OPEN',
      reason: null,
      details,
      previousHash: head.last_hash,
    };
    const hash = auditHash(fields);
    const tree = appendLeaf(head.frontier, head.last_sequence, leafHash(hash));
    await db.query(
      `WITH event AS (
         INSERT INTO audit_event (authority_id, sequence, at, actor_id, entity_type, entity_id, action, from_status, to_status, reason, details, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id),
       node AS (INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) SELECT $1, * FROM unnest($14::smallint[], $15::int[], $16::text[])),
       head AS (UPDATE audit_chain_head SET last_sequence = $2, last_hash = $13, frontier = $17 WHERE authority_id = $1)
       SELECT 1`,
      [
        fields.authorityId,
        fields.sequence,
        at,
        fields.actorId,
        fields.entityType,
        id,
        fields.action,
        null,
        fields.toStatus,
        null,
        JSON.stringify(details),
        fields.previousHash,
        hash,
        tree.nodes.map((n) => n.level),
        tree.nodes.map((n) => n.index),
        tree.nodes.map((n) => n.hash),
        tree.frontier,
      ],
    );
    await db.query('COMMIT');
    return { id, reference };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
