import { loadConfig } from '../config';
import { openDatabase } from './client';
import path from 'node:path';

const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: path.join(config.dataDir, 'pglite'),
});
await database.migrate(config.migrationsDir);
await database.close();
console.log(`Migrations applied (${database.driver}).`);
