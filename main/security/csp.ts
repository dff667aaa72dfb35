/**
 * The Content-Security-Policy of the renderer, in Electron and in browser mode: only the app's own scripts
 * (no eval, no inline scripts), no plugins, no framing; `connect` lists what the page may open besides itself.
 * style-src allows inline styles because React Flow and uPlot position elements with style attributes.
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
