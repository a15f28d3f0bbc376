import type { Connection } from './connection';
import { AblyError, errors, toAblyError } from './errors';
import { Action, type ErrorInfoWire } from './protocol';
import { isNonNegativeInt } from './validate';

// Acknowledgements: every MESSAGE / PRESENCE carries a per-connection msgSerial and gets
// exactly one ACK or NACK for it (RTN7).

const MAX_REMEMBERED_NACKS = 256;

/**
 * Reads the msgSerial and decides whether to process the frame. A serial not above the
 * highest one seen is the SDK re-sending after a resume: it was already processed, so it
 * gets the same answer again — ACK without publishing twice, or the same NACK (a refused
 * message must never be reported as published).
 */
export function claimMsgSerial(
  conn: Connection,
  raw: Record<string, unknown>,
  what: string,
): number | null {
  const msgSerial = raw.msgSerial;
  if (!isNonNegativeInt(msgSerial)) throw errors.protocol(`${what} without a valid msgSerial`);
  if (msgSerial <= conn.highestMsgSerial) {
    const refused =
      conn.nacked.get(msgSerial) ??
      (msgSerial <= conn.forgottenNacksUpTo
        ? new AblyError(40000, 400, `msgSerial ${msgSerial} is too old to confirm`).toWire()
        : undefined);
    if (refused) conn.send({ action: Action.NACK, msgSerial, count: 1, error: refused });
    else conn.send({ action: Action.ACK, msgSerial, count: 1 });
    return null;
  }
  conn.highestMsgSerial = msgSerial;
  return msgSerial;
}

/**
 * Runs one publish-like operation: ACK when it succeeds (with the message serials, when the
 * operation returns them), NACK with the Ably error when it is refused. Internal failures
 * propagate (they are bugs, not the client's fault).
 */
export function acknowledge(
  conn: Connection,
  msgSerial: number,
  op: () => Array<string | null> | undefined,
): void {
  try {
    const serials = op();
    conn.send({ action: Action.ACK, msgSerial, count: 1, res: serials && [{ serials }] });
  } catch (e) {
    const err = toAblyError(e);
    if (err.code === 50000) throw e;
    const wire = err.toWire();
    rememberNack(conn, msgSerial, wire);
    conn.send({ action: Action.NACK, msgSerial, count: 1, error: wire });
  }
}

function rememberNack(conn: Connection, msgSerial: number, error: ErrorInfoWire): void {
  conn.nacked.set(msgSerial, error);
  if (conn.nacked.size <= MAX_REMEMBERED_NACKS) return;
  const oldest = conn.nacked.keys().next().value;
  if (oldest === undefined) return;
  conn.nacked.delete(oldest);
  conn.forgottenNacksUpTo = Math.max(conn.forgottenNacksUpTo, oldest);
}
