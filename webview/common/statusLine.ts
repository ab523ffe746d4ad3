// The status line under a document page's header (the vote and report panels): hidden while idle, else its
// text, with its kind in data-kind for the stylesheet (document.css colours an error).

export type PageStatus = { readonly kind: 'idle' } | { readonly kind: 'running' | 'error'; readonly text: string };

export function showStatus(line: HTMLElement, status: PageStatus): void {
  line.dataset.kind = status.kind;
  line.textContent = status.kind === 'idle' ? '' : status.text;
  line.hidden = status.kind === 'idle';
}
