// Element builders for the webviews' views: an element with its properties and children in one call.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { ariaLabel?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { ariaLabel, ...rest } = props;
  Object.assign(node, rest);
  if (ariaLabel) node.setAttribute('aria-label', ariaLabel);
  node.append(...children);
  return node;
}

/** A button whose title is also its accessible name. */
export function button(label: string, title: string, onClick: () => void, id?: string): HTMLButtonElement {
  const b = el('button', { type: 'button', textContent: label, title, ariaLabel: title });
  if (id) b.id = id;
  b.addEventListener('click', onClick);
  return b;
}
