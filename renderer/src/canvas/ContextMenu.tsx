import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MenuGroups } from './contextMenuItems';

interface ContextMenuProps {
  /** Where the menu opens, in client (window) pixels. */
  x: number;
  y: number;
  groups: MenuGroups;
  onClose(): void;
}

/** A context menu at the pointer: arrow keys move between items, Enter runs one, Escape or a click elsewhere closes it. */
export function ContextMenu({ x, y, groups, onClose }: ContextMenuProps) {
  const root = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: x, top: y });

  useLayoutEffect(() => {
    const box = root.current?.getBoundingClientRect();
    if (!box) return;
    // Keep the whole menu inside the window.
    setPlace({ left: Math.min(x, window.innerWidth - box.width - 4), top: Math.min(y, window.innerHeight - box.height - 4) });
    root.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [x, y]);

  useEffect(() => {
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', close, true);
    document.addEventListener('keydown', close);
    window.addEventListener('blur', onClose);
    return () => {
      document.removeEventListener('pointerdown', close, true);
      document.removeEventListener('keydown', close);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    event.stopPropagation();
    const buttons = [...(root.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[(index + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
  };

  return (
    <div className="context-menu" role="menu" ref={root} style={place} onKeyDown={onKeyDown} onContextMenu={(e) => e.preventDefault()} data-testid="context-menu">
      {groups.map((group, g) => (
        <div className="context-group" role="group" key={g}>
          {group.map((item) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              disabled={item.disabled}
              data-testid={`menu-${item.id}`}
              onClick={() => {
                onClose();
                item.run();
              }}
            >
              <span>{item.label}</span>
              {item.keys && <kbd>{item.keys}</kbd>}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
