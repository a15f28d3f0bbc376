import type { User } from '../../../../contract/entities';
import { LiveFeeds } from './LiveFeeds';
import { useCustomerFeed } from './useCustomerFeed';
import { useDeskFeed } from './useDeskFeed';
import { useStaffFeed } from './useStaffFeed';

/**
 * The signed-in role's always-on channels, mounted once by the signed-in shell: they keep
 * lists fresh on every page and raise toasts for what happens elsewhere.
 */
export function RoleFeeds({ user }: { user: User }) {
  if (user.role === 'customer') return <CustomerFeed user={user} />;
  if (user.role === 'staff') return <StaffFeed user={user} />;
  return <DeskFeed user={user} />;
}

function CustomerFeed({ user }: { user: User }) {
  return <LiveFeeds feeds={useCustomerFeed(user)} />;
}

function DeskFeed({ user }: { user: User }) {
  return <LiveFeeds feeds={useDeskFeed(user)} />;
}

function StaffFeed({ user }: { user: User }) {
  return <LiveFeeds feeds={useStaffFeed(user)} />;
}
