// The one place that writes a webview's HTML page, so every webview we ship gets the same strict
// Content Security Policy: nothing loads unless it comes from the extension's own files
// (`cspSource`) or carries this load's nonce; no remote origins, no inline script or style without
// the nonce, no eval. Pure (no `vscode` import) so the policy is unit-tested.

import { randomBytes } from 'node:crypto';

export interface WebviewPage {
  /** `webview.cspSource`: the origin VS Code serves `asWebviewUri` resources from. */
  readonly cspSource: string;
  /** A fresh `newNonce()` for every load of the page. */
  readonly nonce: string;
  readonly title: string;
  /** `webview.asWebviewUri` strings of the bundled script(s), run in order as classic scripts. */
  readonly scripts: readonly string[];
  readonly styles: readonly string[];
  /**
   * The codicon stylesheet, if the page shows icons. It gets the id `vscode-codicon-stylesheet`,
   * which is how @vscode-elements' `vscode-icon` finds the icon font.
   */
  readonly codicons?: string;
}

/** 128 random bits, base64: unguessable for each page load. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webviewHtml(page: WebviewPage): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(page.nonce))
    throw new Error('webviewHtml: the nonce must be base64 of at least 16 characters');
  const nonce = escapeAttribute(page.nonce);
  const codiconLink = (href: string) =>
    `<link id="vscode-codicon-stylesheet" rel="stylesheet" nonce="${nonce}" href="${escapeAttribute(href)}">`;
  const links = [
    ...(page.codicons ? [codiconLink(page.codicons)] : []),
    ...page.styles.map((href) => `<link rel="stylesheet" nonce="${nonce}" href="${escapeAttribute(href)}">`),
  ];
  const scripts = page.scripts.map((src) => `<script nonce="${nonce}" src="${escapeAttribute(src)}"></script>`);
  const csp = escapeAttribute(contentSecurityPolicy(page.cspSource, page.nonce));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    ...links,
    `<title>${escapeText(page.title)}</title>`,
    '</head>',
    '<body>',
    '<div id="root" data-state="loading"></div>',
    ...scripts,
    '</body>',
    '</html>',
  ].join('\n');
}
