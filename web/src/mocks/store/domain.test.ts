import { domainContractSuite } from '../../../../domain/test/suite';
import { resetDemoData } from './db';
import { mockDomain, mockStore } from './domainStore';
import { useStorages as installStorages, MemoryStorage } from './storage';

// The domain contract suite on mock mode's browser store: fresh shared storage per test.
domainContractSuite('browser (mock mode)', {
  async fresh(now, timeZone) {
    installStorages({ shared: new MemoryStorage(), tab: new MemoryStorage() });
    resetDemoData(now, timeZone);
    return { store: mockStore, now: () => now, newId: mockDomain.newId };
  },
});
