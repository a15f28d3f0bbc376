import type { RunningBroker } from '../../../broker/node/index';
import type { ChannelSender } from './publisher';

/**
 * Sends the outbox's batches straight into the embedded broker (REALTIME=local without
 * BROKER_URL): the same engine call the broker's REST publish route makes — validation,
 * idempotency by message id, history, fan-out — without an HTTP request to our own process.
 * Data is encoded as the Ably SDK encodes it for a JSON REST publish (RSL4), so subscribers
 * and history see exactly what they would after `rest.channels.get(c).publish(messages)`.
 */
export function brokerSender(broker: Pick<RunningBroker, 'publish'>): ChannelSender {
  return async (channel, messages) => {
    broker.publish(channel, messages.map(toWire));
  };
}

function toWire(m: { id: string; name: string; data: unknown }) {
  const { data } = m;
  if (data === undefined || data === null || typeof data === 'string') {
    return { id: m.id, name: m.name, data };
  }
  if (typeof data === 'object' && !ArrayBuffer.isView(data)) {
    return { id: m.id, name: m.name, data: JSON.stringify(data), encoding: 'json' };
  }
  // Numbers, booleans, bytes: the SDK refuses the first two (40013); the outbox stores JSON.
  throw new TypeError(`brokerSender: unsupported message data (${typeof data})`);
}
