// The content security policy of the provider's pages whose forms lead back to an application.
/**
 * A form here ends, through the provider's redirects, at the application (its redirect URI): browsers
 * apply the page's CSP form-action to every redirect of a form's submission, so the page allows the
 * origin of the application's redirect URI on top of 'self'.
 */
export function allowFormActionTo(raw: { getHeader(name: string): unknown; setHeader(name: string, value: string): unknown }, urls: unknown[]): void {
  const csp = raw.getHeader('content-security-policy');
  const origins = [...new Set(urls.flatMap((u) => (typeof u === 'string' && URL.canParse(u) ? [new URL(u).origin] : [])))];
  if (typeof csp === 'string' && origins.length > 0) raw.setHeader('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${origins.join(' ')}`));
}
