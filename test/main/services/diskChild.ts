/**
 * Child process of the save-failure test, started inside a user and mount namespace (unshare -rm) where READ_ONLY is a
 * read-only tmpfs, FULL a 64 KiB tmpfs and SMALL a 2 MiB tmpfs. It saves and edits the XOR example against them and prints
 * one JSON object of what it observed; the parent test asserts on it.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppServices } from '../../../main/services/appServices';

const [dataDir, readOnlyDir, fullDir, smallDir] = process.argv.slice(2);
const services = createAppServices({ mode: 'browser', dataDir });
const observed: Record<string, unknown> = {};

const example = await services.handle('project:openExample', { exampleId: 'xor-boltzmann' });
if (!example.ok) throw new Error(example.error.message);
const diagram = example.value.diagrams[0];
const snapshot = async () => {
  const got = await services.handle('project:get', undefined);
  return got.ok ? got.value : got.error;
};

observed.readOnlySave = await services.handle('project:saveAs', { path: join(readOnlyDir, 'xor') });
observed.afterReadOnly = await snapshot();
observed.fullSave = await services.handle('project:saveAs', { path: join(fullDir, 'xor') });
observed.fullDirAfter = readdirSync(fullDir);
observed.afterFull = await snapshot();
observed.editAfterFailedSaves = await services.handle('diagram:put', { diagram: { ...diagram, name: 'still editing' } });

observed.smallSave = await services.handle('project:saveAs', { path: join(smallDir, 'xor') });
// Fill the small file system: the next write of new pages finds no room.
const filler = join(smallDir, 'filler.bin');
let size = 4 * 1024 * 1024;
while (size >= 512) {
  try {
    writeFileSync(join(smallDir, `filler-${size}.bin`), Buffer.alloc(size, 1));
  } catch {
    size = Math.floor(size / 2);
  }
}
observed.bigEdit = await services.handle('diagram:put', { diagram: { ...diagram, name: `big ${'x'.repeat(300_000)}` } });
observed.afterBigEdit = await snapshot();
for (const name of readdirSync(smallDir)) if (name.startsWith('filler-')) rmSync(join(smallDir, name));
rmSync(filler, { force: true });
observed.editAfterSpaceFreed = await services.handle('diagram:put', { diagram: { ...diagram, name: 'after space was freed' } });
await services.handle('project:close', undefined);
const reopened = await services.handle('project:open', { path: join(smallDir, 'xor.attractor') });
observed.reopened = reopened.ok ? reopened.value : reopened.error;
await services.dispose();
process.stdout.write(`${JSON.stringify(observed)}\n`);
