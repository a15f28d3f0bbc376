import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'glowdesk-api' },
    redact: ['req.headers.cookie', 'res.headers["set-cookie"]', 'req.headers.authorization'],
  });
}
