import { describe, expect, it } from 'vitest';
import { matches, shortcutFor, shortcutTable, type CommandId } from '../../renderer/src/app/shortcuts';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}, code = '') => ({
  key: k,
  code,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcut table', () => {
  const table = shortcutTable(false);

  it('has exactly one entry per command and no key combination bound twice', () => {
    const commands = table.map((s) => s.command);
    expect(new Set(commands).size).toBe(commands.length);
    const combos = table.flatMap((s) => s.combos.map((c) => JSON.stringify({ ...c, key: c.key?.toLowerCase() })));
    expect(new Set(combos).size).toBe(combos.length);
  });

  it('maps the editing keys the issue asks for', () => {
    const run = (event: ReturnType<typeof key>): CommandId | undefined => shortcutFor(table, event)?.command;
    expect(run(key('c', { ctrlKey: true }))).toBe('copy');
    expect(run(key('v', { metaKey: true }))).toBe('paste');
    expect(run(key('d', { ctrlKey: true }))).toBe('duplicate');
    expect(run(key('a', { ctrlKey: true }))).toBe('selectAll');
    expect(run(key('Delete'))).toBe('deleteSelection');
    expect(run(key('Backspace'))).toBe('deleteSelection');
    expect(run(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(run(key('z', { ctrlKey: true }))).toBe('undo');
    expect(run(key('?', { shiftKey: true }))).toBe('help');
    expect(run(key('Enter', { ctrlKey: true }))).toBe('startRun');
    expect(run(key('c'))).toBe('connectSelection');
    expect(run(key('1'))).toBe('addVisibleUnit');
    expect(run(key('}', { shiftKey: true }, 'BracketRight'))).toBe('extendNext');
    expect(run(key(']', {}, 'BracketRight'))).toBe('selectNext');
    expect(run(key('ArrowLeft', { shiftKey: true }))).toBe('nudgeLeftFar');
    expect(run(key('+', { shiftKey: true }))).toBe('zoomIn');
  });

  it('requires the exact modifiers: Ctrl+Alt+C and Shift+C are not copy or connect', () => {
    expect(shortcutFor(table, key('c', { ctrlKey: true, altKey: true }))).toBeUndefined();
    expect(shortcutFor(table, key('C', { shiftKey: true }))).toBeUndefined();
    expect(matches(key('s', { ctrlKey: true, shiftKey: true }), { key: 's', mod: true })).toBe(false);
  });

  it('every command the help overlay lists has keys to show', () => {
    for (const s of table) if (s.description) expect(s.keys, s.command).not.toBe('');
  });
});
