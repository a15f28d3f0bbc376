/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** True only for `vite --mode mock` (defined in vite.config.ts): the MSW worker serves /api and realtime. */
  readonly GLOWDESK_MOCK: boolean;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
