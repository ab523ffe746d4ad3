import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, newNonce, webviewHtml } from './webviewHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const ASSETS = 'https://file+.vscode-resource.vscode-cdn.net/ext/dist';

function page(nonce = newNonce()) {
  return {
    nonce,
    html: webviewHtml({
      cspSource: CSP_SOURCE,
      nonce,
      title: 'a <b> & "c"',
      scripts: [`${ASSETS}/webview.js`],
      styles: [`${ASSETS}/webview.css`],
      codicons: `${ASSETS}/codicon.css`,
    }),
  };
}

function cspOf(html: string): Map<string, string[]> {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page has a CSP meta tag');
  const directives = new Map<string, string[]>();
  for (const directive of match[1]!.split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    directives.set(name!, values);
  }
  return directives;
}

test('every load gets a fresh nonce of 128 random bits', () => {
  const nonces = new Set(Array.from({ length: 50 }, newNonce));
  assert.equal(nonces.size, 50);
  for (const nonce of nonces) assert.equal(Buffer.from(nonce, 'base64').length, 16);
});

test("the CSP denies by default and allows only the extension origin and this load's nonce", () => {
  const { nonce, html } = page();
  const csp = cspOf(html);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
  assert.deepEqual(csp.get('style-src'), [CSP_SOURCE, `'nonce-${nonce}'`]);
  assert.deepEqual(csp.get('font-src'), [CSP_SOURCE]);
  assert.deepEqual(csp.get('img-src'), [CSP_SOURCE, 'data:']);
  assert.deepEqual([...csp.keys()].sort(), ['default-src', 'font-src', 'img-src', 'script-src', 'style-src']);
  for (const values of csp.values()) {
    for (const value of values)
      assert.doesNotMatch(value, /unsafe-inline|unsafe-eval|^\*$|^https?:$/, `no wildcard or unsafe source: ${value}`);
  }
  assert.equal(contentSecurityPolicy(CSP_SOURCE, nonce), html.match(/content="(default-src[^"]*)"/)![1]);
});

test('every script and stylesheet carries the nonce and comes from the extension, never a remote origin', () => {
  const { nonce, html } = page();
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 1);
  for (const attributes of scripts) {
    assert.match(attributes, new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`));
    assert.ok(attributes.includes(`src="${ASSETS}/`), attributes);
  }
  const links = [...html.matchAll(/<link([^>]*)>/g)].map((m) => m[1]!);
  assert.equal(links.length, 2);
  for (const attributes of links)
    assert.ok(attributes.includes(`nonce="${nonce}"`) && attributes.includes(`href="${ASSETS}/`), attributes);
  assert.match(html, /<link id="vscode-codicon-stylesheet"/, 'vscode-icon finds the codicon font by this id');
  const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
  for (const url of urls) assert.ok(url.startsWith(CSP_SOURCE), `resource from the extension: ${url}`);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>[^<]/, 'no inline script');
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style attribute');
});

test('text is escaped, and a nonce that could break out of the policy is refused', () => {
  const { html } = page();
  assert.match(html, /<title>a &lt;b&gt; &amp; "c"<\/title>/);
  assert.throws(() => page("abc' 'unsafe-inline"), /nonce/);
  assert.throws(() => page('short'), /nonce/);
});
