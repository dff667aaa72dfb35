import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

// The layering of STYLE.md §1 is an ESLint rule; these cases prove it fires (and stays quiet on allowed imports).
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

const cases: { file: string; source: string; allowed: boolean }[] = [
  { file: 'engine/energy/x.ts', source: "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", allowed: false },
  { file: 'engine/energy/x.ts', source: "import sqlite3 from 'sqlite3';\nexport const s = sqlite3;", allowed: false },
  { file: 'engine/energy/x.ts', source: "import type { ProjectStore } from '../../projects/types';\nexport type P = ProjectStore;", allowed: false },
  { file: 'engine/energy/x.ts', source: "import '@tensorflow/tfjs-backend-wasm';", allowed: false },
  { file: 'engine/energy/x.ts', source: "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;", allowed: true },
  { file: 'projects/storage/x.ts', source: "import { x } from '../../main/services/appServices';\nexport const y = x;", allowed: false },
  { file: 'projects/storage/x.ts', source: "import { compile } from '../../engine/compiler/compile';\nexport const c = compile;", allowed: true },
  { file: 'main/services/x.ts', source: "import { App } from '../../renderer/src/app/Layout';\nexport const a = App;", allowed: false },
  { file: 'renderer/src/x.ts', source: "import { openProject } from '../../projects/storage/openProject';\nexport const o = openProject;", allowed: false },
  { file: 'renderer/src/x.ts', source: "import { x } from '../../main/services/appServices';\nexport const y = x;", allowed: false },
  { file: 'renderer/src/x.ts', source: "import { trainModel } from '../../engine/train/train';\nexport const t = trainModel;", allowed: false },
  { file: 'renderer/src/x.ts', source: "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;", allowed: false },
  { file: 'renderer/src/x.ts', source: "import type { Channel } from '../../main/api/contract';\nexport type C = Channel;", allowed: true },
  { file: 'renderer/src/x.ts', source: "import { compile } from '../../engine/compiler/compile';\nexport const c = compile;", allowed: true },
  { file: 'renderer/src/x.ts', source: "import { algorithmsFor } from '../../engine/train/catalog';\nexport const a = algorithmsFor;", allowed: false },
  { file: 'renderer/src/x.ts', source: "import type { AlgorithmInfo } from '../../engine/train/algorithm';\nexport type A = AlgorithmInfo;", allowed: true },
];

describe('layering lint rule', () => {
  test.each(cases)('$file: $source → allowed=$allowed', async ({ file, source, allowed }) => {
    const errors = await restrictedImportErrors(file, source);
    if (allowed) expect(errors).toBe(0);
    else expect(errors).toBeGreaterThan(0);
  });
});
