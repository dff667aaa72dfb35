/** Text escaped for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A two-column table of label → value rows (values are escaped; rows with an undefined value are left out). */
export function definitionTable(rows: readonly [string, string | undefined][], className = 'facts'): string {
  const body = rows
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  return `<table class="${className}"><tbody>${body}</tbody></table>`;
}

/** A table with a header row; every cell is escaped. */
export function dataTable(headers: readonly string[], rows: readonly (readonly string[])[], className = 'data'): string {
  const head = `<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table class="${className}">${head}<tbody>${body}</tbody></table>`;
}

/** "2026-11-23 07:05:12 UTC": unambiguous wherever the report is read. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "48.3 s", "2 m 05 s", "1 h 02 m", with the exact seconds for spans over a minute. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  const span = m < 60 ? `${m} m ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
  return `${span} (${seconds.toFixed(1)} s)`;
}

/** The page's style sheet: print-friendly, light, no web fonts or other external resources. */
export const REPORT_CSS = `
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #1c2230; background: #f4f5f7; margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 24px 28px 48px; background: #ffffff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid #d5d9e0; padding-bottom: 4px; }
.subtitle { color: #5b6475; margin: 0 0 16px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 12px 3px 0; vertical-align: top; }
table.facts th { color: #5b6475; font-weight: 500; white-space: nowrap; }
table.data th { border-bottom: 1px solid #d5d9e0; font-weight: 600; }
table.data td { border-bottom: 1px solid #eef0f3; font-variant-numeric: tabular-nums; }
.note { white-space: pre-wrap; background: #f7f8fa; border-left: 3px solid #2f5fd0; padding: 8px 12px; margin: 0; }
figure { margin: 12px 0 20px; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: #5b6475; }
.muted { color: #5b6475; }
.warnings { border: 1px solid #a15c00; border-left-width: 4px; background: #fff6e8; padding: 6px 12px; margin: 8px 0; font-size: 13px; }
.warnings ul { margin: 2px 0; padding-left: 1.2em; }
ul.guarantees { font-size: 12px; color: #5b6475; padding-left: 1.2em; }
footer { margin-top: 32px; font-size: 11px; color: #5b6475; }
@media print { body { background: #fff; } main { padding: 0; } figure { break-inside: avoid; } }
`;

/** A complete HTML document whose Content-Security-Policy forbids every network request (self-contained by construction). */
export function htmlDocument(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    `<body><main>${body}</main></body>`,
    '</html>',
    '',
  ].join('\n');
}
