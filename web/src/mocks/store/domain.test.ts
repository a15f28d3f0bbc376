import { domainContractSuite } from '../../../../domain/test/suite';
import { resetDemoData } from './db';
import { mockStore } from './domainStore';
import { MemoryStorage, useStorages } from './storage';

// The domain contract suite on mock mode's browser store: fresh shared storage per test.
let counter = 0;
domainContractSuite('browser (mock mode)', {
  async fresh(now) {
    useStorages({ shared: new MemoryStorage(), tab: new MemoryStorage() });
    resetDemoData(now);
    return {
      store: mockStore,
      now: () => now,
      newId: (prefix) => `${prefix}_test${(counter += 1)}`,
    };
  },
});
