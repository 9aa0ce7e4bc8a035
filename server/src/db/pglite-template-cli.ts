// `node dist/pglite-template-cli.js <file> <migrations folder>`: the build's migrated PGlite
// template (pglite-template.ts).
import { writePgliteTemplate } from './pglite-template';

const [file, migrationsDir] = process.argv.slice(2);
if (!file || !migrationsDir) throw new Error('usage: pglite-template-cli <file> <migrations folder>');
await writePgliteTemplate(file, migrationsDir);
