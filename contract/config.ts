import { z } from 'zod';

export const RealtimeMode = z.enum(['local', 'ably', 'off', 'mock']);
export type RealtimeMode = z.infer<typeof RealtimeMode>;

/** `GET /api/config`: how the SPA reaches realtime (docs/architecture.md §3). */
export const ClientConfig = z.object({
  realtime: z.object({ mode: RealtimeMode, port: z.number().int().positive().optional() }),
});
export type ClientConfig = z.infer<typeof ClientConfig>;

/** `POST /api/ably/token`. */
export const TokenResponse = z.object({
  token: z.string(),
  expires: z.number().int(),
  clientId: z.string(),
  capability: z.record(z.string(), z.array(z.string())),
});
export type TokenResponse = z.infer<typeof TokenResponse>;
