import type { Ticket, TicketStatus } from '../../../contract';
import type { Sql } from './sql';

interface TicketRow {
  id: string;
  customer_id: string;
  customer_name: string;
  subject: string;
  booking_id: string | null;
  status: TicketStatus;
  agent_id: string | null;
  agent_name: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  queue_position: number | null;
}

// queue_position: 1-based rank among waiting tickets, oldest first (rowid breaks ties).
const SELECT = `
  SELECT t.id, t.customer_id, t.subject, t.booking_id, t.status, t.agent_id, t.version,
    t.created_at, t.updated_at, c.name AS customer_name, a.name AS agent_name,
    CASE WHEN t.status = 'waiting' THEN (
      SELECT COUNT(*) FROM tickets w
      WHERE w.status = 'waiting'
        AND (w.created_at < t.created_at OR (w.created_at = t.created_at AND w.rowid <= t.rowid))
    ) END AS queue_position
  FROM tickets t
  JOIN users c ON c.id = t.customer_id
  LEFT JOIN users a ON a.id = t.agent_id`;

const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  subject: r.subject,
  bookingId: r.booking_id,
  status: r.status,
  agentId: r.agent_id,
  agentName: r.agent_name,
  queuePosition: r.queue_position,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findTicket(sql: Sql, id: string): Promise<Ticket | null> {
  const row = await sql.get<TicketRow>(`${SELECT} WHERE t.id = ?`, [id]);
  return row ? toTicket(row) : null;
}

export async function listTickets(
  sql: Sql,
  filter: { customerId?: string; statuses?: readonly TicketStatus[] },
): Promise<Ticket[]> {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.customerId) {
    where.push('t.customer_id = ?');
    args.push(filter.customerId);
  }
  if (filter.statuses) {
    where.push(`t.status IN (${filter.statuses.map(() => '?').join(',') || 'NULL'})`);
    args.push(...filter.statuses);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await sql.all<TicketRow>(
    `${SELECT} ${clause} ORDER BY t.created_at DESC, t.rowid DESC`,
    args,
  );
  return rows.map(toTicket);
}

export async function insertTicket(
  sql: Sql,
  t: {
    id: string;
    customerId: string;
    subject: string;
    bookingId: string | null;
    createdAt: string;
    status?: TicketStatus;
    agentId?: string | null;
    version?: number;
  },
): Promise<Ticket> {
  await sql.run(
    `INSERT INTO tickets (id, customer_id, subject, booking_id, status, agent_id, version,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      t.id,
      t.customerId,
      t.subject,
      t.bookingId,
      t.status ?? 'waiting',
      t.agentId ?? null,
      t.version ?? 1,
      t.createdAt,
      t.createdAt,
    ],
  );
  return (await findTicket(sql, t.id))!;
}

/** Moves a ticket from `from` to `to` (optionally setting the agent); null if it was not in `from`. */
export async function transitionTicket(
  sql: Sql,
  id: string,
  change: { from: TicketStatus; to: TicketStatus; agentId?: string },
  now: string,
): Promise<Ticket | null> {
  const changed = await sql.run(
    `UPDATE tickets SET status = ?, agent_id = COALESCE(?, agent_id), version = version + 1,
       updated_at = ?
     WHERE id = ? AND status = ?`,
    [change.to, change.agentId ?? null, now, id, change.from],
  );
  return changed === 1 ? findTicket(sql, id) : null;
}
