import { useActions, useStudio } from '../app/StudioContext';

/** Errors from API calls, each with its message and a dismiss button. */
export function NoticeBanner() {
  const notices = useStudio((s) => s.notices);
  const actions = useActions();
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="alert" data-testid="error-banner">
      {notices.map((notice) => (
        <div className="notice" key={notice.id}>
          <span className="notice-icon" aria-hidden="true">
            ✖
          </span>
          <span className="notice-message">{notice.message}</span>
          <button type="button" className="ghost" onClick={() => actions.dismissNotice(notice.id)} aria-label="Dismiss" data-testid="dismiss-error">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
