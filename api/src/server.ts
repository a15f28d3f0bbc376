import { ConfigError, loadConfig } from './config';
import { startGlowdesk } from './runtime';

// Entry point (`npm run serve`): configuration, database, embedded broker, listen, and a
// graceful stop on SIGTERM/SIGINT.

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const glowdesk = await startGlowdesk(config);
  const realtime =
    config.realtime === 'local'
      ? `realtime: local broker on ws://localhost:${glowdesk.realtimePort}`
      : `realtime: ${config.realtime}`;
  // The URL may hold a password: say only which database.
  const data = config.databaseUrl
    ? `data in PostgreSQL at ${new URL(config.databaseUrl).host}`
    : `data in ${config.dataDir}`;
  glowdesk.logger.info(`Glowdesk on ${glowdesk.url} (${realtime}, ${data})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    glowdesk.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await glowdesk.close();
      process.exit(0);
    } catch (err) {
      glowdesk.logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Glowdesk failed to start: ${message}\n`);
  process.exit(1);
});
