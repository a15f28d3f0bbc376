import { domainContractSuite } from '../../domain/test/suite';
import { openDatabase } from '../src/db/database';
import { seedDemo } from '../src/db/seed';
import { sqliteStore } from '../src/db/store';
import { newId } from '../src/ids';

// The domain contract suite on the API's store: a fresh in-memory SQLite copy per test,
// seeded once (hashing the demo passwords is the slow part).
let seeded: { at: string; image: Buffer } | undefined;

domainContractSuite('SQLite', {
  async fresh(now, timeZone) {
    const at = `${now.getTime()} ${timeZone}`;
    if (seeded?.at !== at) {
      const template = openDatabase(':memory:');
      await seedDemo(template, now, timeZone);
      seeded = { at, image: template.serialize() };
      template.close();
    }
    const db = openDatabase(seeded.image);
    return { store: sqliteStore(db), now: () => now, newId };
  },
});
