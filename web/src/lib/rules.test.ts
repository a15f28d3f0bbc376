import { describe, expect, it } from 'vitest';
import { isActive as contractIsActive } from '../../../contract/bookingStateMachine';
import { BookingStatus } from '../../../contract/entities';
import * as contract from '../../../contract/roles';
import { canDecideLeave, homePath, isActive, isDesk } from './rules';

describe('web rules mirror the contract', () => {
  it.each(contract.Role.options)('role %s', (role) => {
    expect(isDesk(role)).toBe(contract.isDesk(role));
    expect(canDecideLeave(role)).toBe(contract.canDecideLeave(role));
    expect(homePath(role)).toBe(contract.homePath(role));
  });
  it.each(BookingStatus.options)('status %s', (status) => {
    expect(isActive(status)).toBe(contractIsActive(status));
  });
});
