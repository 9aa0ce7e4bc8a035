// `node dist/pglite-template-cli.js <folder> <migrations folder>`: the build's migrated PGlite
// template (pglite-template.ts).
import { writePgliteTemplate } from './pglite-template';

const [folder, migrationsDir] = process.argv.slice(2);
if (!folder || !migrationsDir) throw new Error('usage: pglite-template-cli <folder> <migrations folder>');
await writePgliteTemplate(folder, migrationsDir);
