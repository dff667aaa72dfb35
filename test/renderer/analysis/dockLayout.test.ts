import { describe, expect, it } from 'vitest';
import { clampDockHeight, defaultDockHeight, dockHeight, MIN_DOCK_HEIGHT, parseDockState } from '../../../renderer/src/analysis/dockLayout';

describe('dock layout', () => {
  it('defaults to 45 % of the window: 405 px at 900 px, never below the minimum', () => {
    expect(defaultDockHeight(900)).toBe(405);
    expect(defaultDockHeight(500)).toBe(MIN_DOCK_HEIGHT);
  });

  it('clamps a dragged height between the minimum and what leaves the canvas its strip', () => {
    expect(clampDockHeight(50, 900)).toBe(MIN_DOCK_HEIGHT);
    expect(clampDockHeight(500, 900)).toBe(500);
    expect(clampDockHeight(899, 900)).toBe(640);
    // A window too short for both still gives the dock its minimum.
    expect(clampDockHeight(400, 350)).toBe(MIN_DOCK_HEIGHT);
  });

  it('draws the stored height when the user chose one, else the default of the current window', () => {
    expect(dockHeight({ open: true, tab: 'charts', maximised: false }, 900)).toBe(405);
    expect(dockHeight({ open: true, tab: 'charts', maximised: false }, 1200)).toBe(540);
    expect(dockHeight({ open: true, tab: 'charts', height: 300, maximised: false }, 1200)).toBe(300);
    expect(dockHeight({ open: true, tab: 'charts', height: 700, maximised: false }, 800)).toBe(540);
  });

  it('reads back what it stored, and falls back field by field on anything malformed', () => {
    const state = { open: false, tab: 'exact', height: 333, maximised: true } as const;
    expect(parseDockState(JSON.stringify(state))).toEqual(state);
    expect(parseDockState(null)).toEqual({ open: true, tab: 'charts', maximised: false });
    expect(parseDockState('{not json')).toEqual({ open: true, tab: 'charts', maximised: false });
    expect(parseDockState('[1,2]')).toEqual({ open: true, tab: 'charts', maximised: false });
    expect(parseDockState(JSON.stringify({ open: 'yes', tab: 'nowhere', height: 'tall', maximised: 1 }))).toEqual({ open: true, tab: 'charts', maximised: false });
  });

  it('takes only the view and open state from the v1 key, whose height was the old 280 px default', () => {
    expect(parseDockState(null, JSON.stringify({ open: false, tab: 'generate', height: 280 }))).toEqual({ open: false, tab: 'generate', maximised: false });
    // Once v2 exists, v1 is ignored.
    expect(parseDockState(JSON.stringify({ tab: 'inside' }), JSON.stringify({ tab: 'generate' })).tab).toBe('inside');
  });
});
