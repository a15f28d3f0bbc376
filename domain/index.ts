// domain/: Glowdesk's business rules, written once for the API and mock mode. Imports only
// contract/; reaches data through the store port (port.ts) with a clock and an id source.
export * from './availability';
export * from './bookingActions';
export * from './bookings';
export * from './branch';
export * from './capability';
export * from './commit';
export * from './customers';
export * from './inbox';
export * from './leave';
export * from './notifications';
export * from './port';
export * from './tickets';
