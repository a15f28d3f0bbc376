// Schema migrations for both databases, applied in order (ADR 0101). Never edit a shipped
// entry: append a new one — to both lists when the change applies to both.

/** SQLite: `user_version` is how many ran. */
export const sqliteMigrations: readonly string[] = [
  /* 1: initial schema */ `
  CREATE TABLE branches (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL
  );

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('customer','staff','receptionist','manager','owner')),
    staff_id TEXT,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE services (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    sort INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL UNIQUE REFERENCES users(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    sort INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES users(id),
    service_id TEXT NOT NULL REFERENCES services(id),
    staff_id TEXT REFERENCES staff(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    date TEXT NOT NULL,
    time TEXT NOT NULL,
    duration_min INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','confirmed','declined','cancelled','completed','no_show')),
    status_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX bookings_staff_date ON bookings(staff_id, date);
  CREATE INDEX bookings_branch_date ON bookings(branch_id, date);
  CREATE INDEX bookings_customer ON bookings(customer_id, created_at);

  CREATE TABLE booking_notes (
    id TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX booking_notes_booking ON booking_notes(booking_id, created_at);

  CREATE TABLE leave_requests (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','approved','declined')),
    decided_by TEXT REFERENCES users(id),
    affected_booking_ids TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX leave_staff ON leave_requests(staff_id, status);

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES users(id),
    subject TEXT NOT NULL,
    booking_id TEXT REFERENCES bookings(id),
    status TEXT NOT NULL CHECK (status IN ('waiting','active','completed','cancelled')),
    agent_id TEXT REFERENCES users(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX tickets_status ON tickets(status, created_at);
  CREATE INDEX tickets_customer ON tickets(customer_id);

  CREATE TABLE chat_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    sender_id TEXT NOT NULL REFERENCES users(id),
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX chat_messages_ticket ON chat_messages(ticket_id, seq);
  `,
  /* 2: durable delivery (outbox) and server-side sessions */ `
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX sessions_user ON sessions(user_id, revoked_at);

  CREATE INDEX chat_messages_sender ON chat_messages(sender_id, created_at);
  `,
  /* 3: branch settings, customers without accounts, multi-service bookings, needs a stylist */ `
  ALTER TABLE branches ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
  ALTER TABLE branches ADD COLUMN locale TEXT NOT NULL DEFAULT 'en-IE';
  ALTER TABLE branches ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR';
  ALTER TABLE branches ADD COLUMN hours TEXT;
  ALTER TABLE branches ADD COLUMN booking_horizon_days INTEGER NOT NULL DEFAULT 90;
  UPDATE branches SET hours = json_object(
    'mon', json_object('open', opens_at, 'close', closes_at),
    'tue', json_object('open', opens_at, 'close', closes_at),
    'wed', json_object('open', opens_at, 'close', closes_at),
    'thu', json_object('open', opens_at, 'close', closes_at),
    'fri', json_object('open', opens_at, 'close', closes_at),
    'sat', json_object('open', opens_at, 'close', closes_at),
    'sun', json_object('open', opens_at, 'close', closes_at));

  ALTER TABLE users ADD COLUMN phone TEXT;
  ALTER TABLE users ADD COLUMN has_account INTEGER NOT NULL DEFAULT 1;
  CREATE INDEX users_branch_role ON users(branch_id, role, name);

  ALTER TABLE bookings ADD COLUMN source TEXT NOT NULL DEFAULT 'online';
  ALTER TABLE bookings ADD COLUMN needs_staff INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX bookings_needs_staff ON bookings(branch_id, needs_staff);

  CREATE TABLE booking_services (
    booking_id TEXT NOT NULL REFERENCES bookings(id),
    position INTEGER NOT NULL,
    service_id TEXT NOT NULL REFERENCES services(id),
    name TEXT NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    PRIMARY KEY (booking_id, position)
  );
  INSERT INTO booking_services (booking_id, position, service_id, name, duration_min, price_cents)
    SELECT b.id, 0, s.id, s.name, s.duration_min, s.price_cents
    FROM bookings b JOIN services s ON s.id = b.service_id;
  `,
  /* 4: notifications and how far each person has read each conversation */ `
  CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
  );
  CREATE INDEX notifications_user ON notifications(user_id, created_at);
  CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

  CREATE TABLE ticket_reads (
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    last_read_seq INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
  );
  `,
  /* 5: sign-in by e-mail without case, through an index */ `
  CREATE INDEX users_email_lower ON users(lower(email));
  `,
];

/**
 * PostgreSQL: the same schema, started at SQLite's version 5 (so `schema_version` counts its
 * own entries). Differences, all invisible to the queries: `rowid` is an identity column where
 * SQLite's implicit rowid orders ties; e-mail is unique without case through `lower(email)`;
 * the rate limiter's counters are a table (several processes share them; SQLite's one
 * process keeps them in memory).
 */
export const postgresMigrations: readonly string[] = [
  /* 1: the schema of SQLite's migrations 1–5, and shared rate-limit counters */ `
  CREATE TABLE branches (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    locale TEXT NOT NULL DEFAULT 'en-IE',
    currency TEXT NOT NULL DEFAULT 'EUR',
    hours TEXT,
    booking_horizon_days INTEGER NOT NULL DEFAULT 90
  );

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer','staff','receptionist','manager','owner')),
    staff_id TEXT,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    phone TEXT,
    has_account INTEGER NOT NULL DEFAULT 1
  );
  CREATE UNIQUE INDEX users_email_lower ON users(lower(email));
  CREATE INDEX users_branch_role ON users(branch_id, role, name);

  CREATE TABLE services (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    sort INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL UNIQUE REFERENCES users(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    sort INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE bookings (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES users(id),
    service_id TEXT NOT NULL REFERENCES services(id),
    staff_id TEXT REFERENCES staff(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    date TEXT NOT NULL,
    time TEXT NOT NULL,
    duration_min INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','confirmed','declined','cancelled','completed','no_show')),
    status_reason TEXT,
    source TEXT NOT NULL DEFAULT 'online',
    needs_staff INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX bookings_staff_date ON bookings(staff_id, date);
  CREATE INDEX bookings_branch_date ON bookings(branch_id, date);
  CREATE INDEX bookings_customer ON bookings(customer_id, created_at);
  CREATE INDEX bookings_needs_staff ON bookings(branch_id, needs_staff);

  CREATE TABLE booking_services (
    booking_id TEXT NOT NULL REFERENCES bookings(id),
    position INTEGER NOT NULL,
    service_id TEXT NOT NULL REFERENCES services(id),
    name TEXT NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    PRIMARY KEY (booking_id, position)
  );

  CREATE TABLE booking_notes (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX booking_notes_booking ON booking_notes(booking_id, created_at);

  CREATE TABLE leave_requests (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','approved','declined')),
    decided_by TEXT REFERENCES users(id),
    affected_booking_ids TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX leave_staff ON leave_requests(staff_id, status);

  CREATE TABLE tickets (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES users(id),
    subject TEXT NOT NULL,
    booking_id TEXT REFERENCES bookings(id),
    status TEXT NOT NULL CHECK (status IN ('waiting','active','completed','cancelled')),
    agent_id TEXT REFERENCES users(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX tickets_status ON tickets(status, created_at);
  CREATE INDEX tickets_customer ON tickets(customer_id);

  CREATE TABLE chat_messages (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    sender_id TEXT NOT NULL REFERENCES users(id),
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX chat_messages_ticket ON chat_messages(ticket_id, seq);
  CREATE INDEX chat_messages_sender ON chat_messages(sender_id, created_at);

  CREATE TABLE outbox (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX sessions_user ON sessions(user_id, revoked_at);

  CREATE TABLE notifications (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
  );
  CREATE INDEX notifications_user ON notifications(user_id, created_at);
  CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

  CREATE TABLE ticket_reads (
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    last_read_seq BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
  );

  CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_ends BIGINT NOT NULL,
    used INTEGER NOT NULL
  );
  `,
  /* 2: a commit that stored publishes wakes every API process's publisher (outbox.ts) */ `
  CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('glowdesk_outbox', '');
    RETURN NULL;
  END $$;
  CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
  `,
];
