import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../app/StudioContext';
import './examples.css';

interface ExampleMenuProps {
  onOpen(exampleId: string): void;
}

/** "Open example ▸": a menu of the bundled example projects. */
export function ExampleMenu({ onOpen }: ExampleMenuProps) {
  const examples = useStudio((s) => s.examples);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="menu" ref={root}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} data-testid="open-example-menu" onClick={() => setOpen(!open)}>
        Open example ▸
      </button>
      {open && (
        <ul className="menu-list example-menu-list" role="menu">
          {examples.length === 0 && <li className="menu-empty">No examples available</li>}
          {examples.map((example) => (
            <li key={example.id} role="none">
              <button
                type="button"
                role="menuitem"
                data-testid={`open-example-${example.id}`}
                title={example.description}
                onClick={() => {
                  setOpen(false);
                  onOpen(example.id);
                }}
              >
                <span className="menu-item-title">{example.name}</span>
                <span className="menu-item-hint">Try this: {example.tryThis}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
