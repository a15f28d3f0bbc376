import {
  ApiError,
  type CreateCustomerBody,
  type Customer,
  type CustomersQuery,
  isDesk,
  type User,
} from '../contract';
import { commit } from './commit';
import type { DomainContext, Outcome } from './port';

// Customers are people, not only accounts: the desk finds them by name, phone or email as it
// types, and adds a phone caller who has no account (docs/architecture.md §6).

/** At most this many matches per search (the desk narrows by typing more). */
export const CUSTOMER_SEARCH_LIMIT = 20;

function assertDesk(user: User): void {
  if (!isDesk(user.role)) throw new ApiError('FORBIDDEN', 'Customers are for the desk');
}

export async function searchCustomers(
  ctx: DomainContext,
  user: User,
  query: CustomersQuery,
): Promise<Customer[]> {
  assertDesk(user);
  return ctx.store.read((tx) => tx.customers.search(user.branchId, query.q, CUSTOMER_SEARCH_LIMIT));
}

/** The desk adds a customer without an account; a phone or email already known is a 409. */
export async function createCustomer(
  ctx: DomainContext,
  user: User,
  body: CreateCustomerBody,
): Promise<Outcome<Customer>> {
  assertDesk(user);
  return commit(ctx, async (tx) => {
    const known = await tx.customers.findByContact(user.branchId, {
      ...(body.phone ? { phone: body.phone } : {}),
      ...(body.email ? { email: body.email } : {}),
    });
    if (known) {
      throw new ApiError('CONFLICT', `${known.name} already has that phone number or email`, {
        customerId: known.id,
      });
    }
    const customer = await tx.customers.insert({
      id: ctx.newId('cu'),
      branchId: user.branchId,
      name: body.name,
      ...(body.phone ? { phone: body.phone } : {}),
      ...(body.email ? { email: body.email } : {}),
      createdAt: ctx.now().toISOString(),
    });
    return { result: customer, mutations: [] };
  });
}

/** Phone numbers compare by their digits only ("+353 85-555" = "35385555"). */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/**
 * A customer without an account and without an email is stored under a reserved address
 * nobody can sign in with or receive mail at (RFC 2606 `.invalid`); it is never shown.
 */
export const placeholderEmail = (id: string) => `${id}@no-account.invalid`;
export const isPlaceholderEmail = (email: string | null | undefined) =>
  !email || email.endsWith('@no-account.invalid');
