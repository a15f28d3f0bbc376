import type { Ticket, TicketStatus } from '../../../contract';
import type { Db } from './database';

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
  SELECT t.*, c.name AS customer_name, a.name AS agent_name,
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

export function findTicket(db: Db, id: string): Ticket | null {
  const row = db.prepare(`${SELECT} WHERE t.id = ?`).get(id) as TicketRow | undefined;
  return row ? toTicket(row) : null;
}

export function listTickets(
  db: Db,
  filter: { customerId?: string; statuses?: readonly TicketStatus[] },
): Ticket[] {
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
  const rows = db
    .prepare(`${SELECT} ${clause} ORDER BY t.created_at DESC, t.rowid DESC`)
    .all(...args) as TicketRow[];
  return rows.map(toTicket);
}

export function insertTicket(
  db: Db,
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
): Ticket {
  db.prepare(
    `INSERT INTO tickets (id, customer_id, subject, booking_id, status, agent_id, version,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    t.id,
    t.customerId,
    t.subject,
    t.bookingId,
    t.status ?? 'waiting',
    t.agentId ?? null,
    t.version ?? 1,
    t.createdAt,
    t.createdAt,
  );
  return findTicket(db, t.id)!;
}

/** Moves a ticket from `from` to `to` (optionally setting the agent); null if it was not in `from`. */
export function transitionTicket(
  db: Db,
  id: string,
  change: { from: TicketStatus; to: TicketStatus; agentId?: string },
  now: string,
): Ticket | null {
  const result = db
    .prepare(
      `UPDATE tickets SET status = ?, agent_id = COALESCE(?, agent_id), version = version + 1,
         updated_at = ?
       WHERE id = ? AND status = ?`,
    )
    .run(change.to, change.agentId ?? null, now, id, change.from);
  return result.changes === 1 ? findTicket(db, id) : null;
}
