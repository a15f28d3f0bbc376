// Fixed facts of the mock realtime service, shared by the token handler and the ws handler.

/** The "broker port" `/api/config` announces; the ws handler intercepts this port on any host. */
export const MOCK_REALTIME_PORT = 8089;

/** The in-page broker's API key (`appId.keyId:secret`). Not a secret: it never leaves the page. */
export const MOCK_ABLY_KEY = 'glowdesk-mock.inpage:mock-mode-key-not-a-secret';

export const MOCK_TOKEN_TTL_S = 3600;
