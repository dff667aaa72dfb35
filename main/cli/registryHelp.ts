/**
 * The parts of `attractor --help` generated from the registries: every training algorithm (engine/train/registry.ts) and
 * every inference, sampling and evaluation method per model family (main/jobs/methods), each with its settings and
 * defaults — so the help lists what the code offers.
 */
import { compile } from '../../engine/compiler/compile';
import type { CompiledModel } from '../../engine/compiler/types';
import type { Diagram, DiagramNode } from '../../engine/diagram/types';
import { ALGORITHMS } from '../../engine/train/registry';
import type { JobKind, MethodInfo } from '../api/contract';
import { methodsFor, methodSyntax } from '../jobs/methods';

const INDENT = '        ';
const WIDTH = 118;

/** Words wrapped to the help's width, every line indented. */
function wrap(text: string, indent = INDENT): string {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > WIDTH && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** `key=default, …; choice=a|b, …; text…` of a description's settings. */
function settingsText(info: Pick<MethodInfo, 'hyperparameters' | 'choices' | 'texts'>): string {
  const parts = [
    ...info.hyperparameters.map((h) => `${h.key}=${h.default}`),
    ...(info.choices ?? []).map((c) => `${c.key}=${[c.default, ...c.options.filter((o) => o !== c.default)].join('|')}`),
    ...(info.texts ?? []).map((t) => `${t.key}${t.required ? ' (required)' : ''}`),
  ];
  return parts.join(', ');
}

/** One line per registered training algorithm: name, label, settings with defaults, default epochs. */
export function algorithmHelp(): string {
  return ALGORITHMS.map(({ info }) => {
    const settings = settingsText(info);
    return wrap(`${info.name} — ${info.label}; ${info.defaultEpochs} epoch${info.defaultEpochs === 1 ? '' : 's'}${settings ? `; --set ${settings}` : ''}.`);
  }).join('');
}

const node = (id: string, role: 'visible' | 'hidden', size: number, y: number): DiagramNode => ({ id, kind: 'layer', label: id, position: { x: 0, y }, role, size }) as DiagramNode;

/** A tiny model of each family, to ask the registry what it offers each family. */
function sampleModels(): { family: string; model: CompiledModel }[] {
  const base = { format: 'attractor-diagram', version: 1, settings: { encoding: 'binary01' }, nodes: [node('v', 'visible', 2, 100), node('h', 'hidden', 1, 0)] };
  const rbm = { ...base, id: 'help-rbm', name: 'RBM', edges: [{ id: 'w', kind: 'coupling', source: 'v', target: 'h' }] } as unknown as Diagram;
  const sbn = { ...base, id: 'help-sbn', name: 'SBN', edges: [{ id: 'j', kind: 'parent', source: 'h', target: 'v' }] } as unknown as Diagram;
  return [
    { family: 'energy models', diagram: rbm },
    { family: 'belief networks', diagram: sbn },
  ].flatMap(({ family, diagram }) => {
    const result = compile(diagram);
    return result.ok ? [{ family, model: result.model }] : [];
  });
}

/** Per kind and family, every method with its --set settings and defaults. */
export function methodHelp(): string {
  const kinds: Exclude<JobKind, 'train'>[] = ['infer', 'sample', 'evaluate'];
  const models = sampleModels();
  return kinds
    .flatMap((kind) =>
      models.map(({ family, model }) => {
        const methods = methodsFor(model, kind).map((m) => {
          const settings = settingsText(m);
          const reports = m.name === 'ais' ? 'forward and reverse AIS, interval, gap, effective runs, warnings; --base data|uniform; ' : '';
          return `${methodSyntax(m)}${settings || reports ? ` (${reports}${settings})` : ''}`;
        });
        return wrap(`${kind}, ${family}: ${methods.join('; ')}.`);
      }),
    )
    .join('');
}
