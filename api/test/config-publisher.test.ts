import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  const base = { DATA_DIR: '/tmp/glowdesk-config-test', SESSION_SECRET: 'x'.repeat(32) };

  it('defaults (docs/architecture.md §12)', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 8080,
      realtimePort: 8081,
      realtime: 'local',
      tokenTtlS: 3600,
      seedDemo: true,
      logLevel: 'info',
    });
  });

  it('ABLY_API_KEY switches to ably unless REALTIME says otherwise', () => {
    expect(loadConfig({ ...base, ABLY_API_KEY: 'app.key:secret' }).realtime).toBe('ably');
    expect(loadConfig({ ...base, ABLY_API_KEY: 'app.key:secret', REALTIME: 'off' }).realtime).toBe(
      'off',
    );
    expect(loadConfig({ ...base, SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('invalid values fail with one line naming the variable', () => {
    const fails = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fails({ PORT: 'eighty' })).toMatch(/^Invalid configuration: PORT /);
    expect(fails({ REALTIME: 'cloud' })).toMatch(/REALTIME/);
    expect(fails({ REALTIME: 'ably' })).toMatch(/ABLY_API_KEY/);
    expect(fails({ ABLY_API_KEY: 'nope' })).toMatch(/ABLY_API_KEY/);
    expect(fails({ SESSION_SECRET: 'short' })).toMatch(/SESSION_SECRET/);
    expect(fails({ TOKEN_TTL_S: '4' })).toMatch(/TOKEN_TTL_S/);
    expect(fails({ SEED_DEMO: 'maybe' })).toMatch(/SEED_DEMO/);
    expect(fails({ PORT: 'eighty' })).not.toContain('\n');
  });
});
