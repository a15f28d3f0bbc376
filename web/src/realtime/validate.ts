// Event validation with the contract's zod schemas, in its own chunk: it loads right after the
// first paint of a signed-in page instead of in front of it (ADR 0031).
export { parseEvent } from '../../../contract/events';
