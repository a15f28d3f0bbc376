import { describe, expect, it } from 'vitest';
import { connectionOptions, LOCAL_RETRY_MS } from './client';

const page = { hostname: 'localhost', port: '5173', protocol: 'http:' };

describe('connectionOptions', () => {
  it('local broker: its host and port, no fallbacks, retries soon after a broker restart', () => {
    expect(connectionOptions({ realtime: { mode: 'local', port: 8081 } }, page)).toEqual({
      endpoint: 'localhost',
      port: 8081,
      tlsPort: 8081,
      tls: false,
      fallbackHosts: [],
      disconnectedRetryTimeout: LOCAL_RETRY_MS,
    });
    expect(LOCAL_RETRY_MS).toBeLessThanOrEqual(2000);
  });

  it("Ably's cloud: the SDK's own endpoints and retry policy", () => {
    expect(connectionOptions({ realtime: { mode: 'ably' } }, page)).toEqual({});
  });
});
