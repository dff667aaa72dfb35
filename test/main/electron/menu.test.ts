import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

vi.mock('electron', () => ({ Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template } }));

const { buildMenu } = await import('../../../main/electron/menu');

describe('application menu', () => {
  it('has File with New, Open…, Open Example ▸, Save, Save As… and their shortcuts', () => {
    const calls: string[] = [];
    const commands = {
      newProject: () => calls.push('new'),
      open: () => calls.push('open'),
      openExample: (id: string) => calls.push(`example:${id}`),
      save: () => calls.push('save'),
      saveAs: () => calls.push('saveAs'),
    };
    const template = buildMenu(commands, [{ id: 'xor-boltzmann', name: 'XOR Boltzmann machine', description: '', tryThis: '' }], false) as unknown as MenuItemConstructorOptions[];
    const file = template.find((item) => item.label === 'File');
    const items = (file?.submenu ?? []) as MenuItemConstructorOptions[];
    const byLabel = (label: string) => items.find((item) => item.label === label);
    expect([byLabel('New')?.accelerator, byLabel('Open…')?.accelerator, byLabel('Save')?.accelerator, byLabel('Save As…')?.accelerator]).toEqual([
      'CmdOrCtrl+N',
      'CmdOrCtrl+O',
      'CmdOrCtrl+S',
      'Shift+CmdOrCtrl+S',
    ]);
    const examples = byLabel('Open Example')?.submenu as MenuItemConstructorOptions[];
    expect(examples.map((e) => e.label)).toEqual(['XOR Boltzmann machine']);
    for (const item of [byLabel('New'), byLabel('Open…'), examples[0], byLabel('Save'), byLabel('Save As…')]) {
      (item?.click as () => void)();
    }
    expect(calls).toEqual(['new', 'open', 'example:xor-boltzmann', 'save', 'saveAs']);
    expect(items.some((item) => item.role === 'quit' || item.role === 'close')).toBe(true);
  });
});
