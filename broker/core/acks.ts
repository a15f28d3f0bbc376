import type { Connection } from './connection';
import { errors, toAblyError } from './errors';
import { Action } from './protocol';
import { isNonNegativeInt } from './validate';

// Acknowledgements: every MESSAGE / PRESENCE carries a per-connection msgSerial and gets
// exactly one ACK or NACK for it (RTN7).

/**
 * Reads the msgSerial and decides whether to process the frame. A serial not above the
 * highest one seen is the SDK re-sending after a resume: it was already processed, so it is
 * acknowledged again without publishing twice.
 */
export function claimMsgSerial(
  conn: Connection,
  raw: Record<string, unknown>,
  what: string,
): number | null {
  const msgSerial = raw.msgSerial;
  if (!isNonNegativeInt(msgSerial)) throw errors.protocol(`${what} without a valid msgSerial`);
  if (msgSerial <= conn.highestMsgSerial) {
    conn.send({ action: Action.ACK, msgSerial, count: 1 });
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
    conn.send({ action: Action.NACK, msgSerial, count: 1, error: err.toWire() });
  }
}
