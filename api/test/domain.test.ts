import { domainContractSuite } from '../../domain/test/suite';
import { sqlStore } from '../src/db/store';
import { newId } from '../src/ids';
import { freshDatabase, testDatabaseKind } from './testDatabase';

// The domain contract suite on the API's store: a database of its own per test (SQLite in
// memory, or PostgreSQL in the `postgres` project), copied from one seeded per clock and zone
// (hashing the demo passwords is the slow part).
const opened: Array<{ close(): Promise<void> }> = [];

domainContractSuite(testDatabaseKind() === 'sqlite' ? 'SQLite' : 'PostgreSQL', {
  async fresh(now, timeZone) {
    // The previous test's database is done with: close it before opening the next.
    await Promise.all(opened.splice(0).map((d) => d.close()));
    const database = await freshDatabase({ now, timeZone });
    opened.push(database);
    return { store: sqlStore(database), now: () => now, newId };
  },
});
