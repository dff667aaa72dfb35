import { baseName, folderOf } from './paths';

interface RecentProjectListProps {
  recent: readonly string[];
  /** The list's test id; each button's is `${testId}-${index}`. */
  testId: string;
  className: string;
  disabled?: boolean;
  onOpen(path: string): void;
}

/** Recent project files as buttons, the file name beside its folder; one click opens one. */
export function RecentProjectList({ recent, testId, className, disabled = false, onOpen }: RecentProjectListProps) {
  return (
    <ul className={className} data-testid={testId}>
      {recent.map((path, index) => (
        <li key={path}>
          <button type="button" disabled={disabled} data-testid={`${testId}-${index}`} title={path} onClick={() => onOpen(path)}>
            <span className="recent-name">{baseName(path)}</span>
            <span className="recent-folder muted">
              <bdi>{folderOf(path)}</bdi>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
