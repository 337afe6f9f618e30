// @ts-check
/**
 * A tiny element builder. Text always goes through `textContent`/text nodes, never markup, so
 * names and messages from other people cannot inject HTML.
 */

/**
 * @typedef {Record<string, unknown> & {
 *   class?: string, text?: string, testid?: string,
 *   on?: Record<string, EventListener>, dataset?: Record<string, string>
 * }} Attrs
 * @typedef {Node | string | null | undefined | false} Child
 */

/** Properties set as DOM properties rather than attributes. */
const PROPS = new Set(['value', 'checked', 'autoplay', 'playsInline', 'disabled', 'hidden', 'selected']);

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'testid') node.dataset.testid = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') {
      for (const [type, fn] of Object.entries(/** @type {Record<string, EventListener>} */ (value))) {
        node.addEventListener(type, fn);
      }
    } else if (key === 'muted') {
      // `muted` the property does not reflect; `defaultMuted` is the `muted` attribute.
      const media = /** @type {HTMLMediaElement} */ (/** @type {unknown} */ (node));
      media.defaultMuted = true;
      media.muted = true;
    } else if (PROPS.has(key)) /** @type {any} */ (node)[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

/** @param {Node} parent @param {...Child} children */
export function append(parent, ...children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all children. @param {Node} parent @param {...Child} children */
export function replace(parent, ...children) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

/** The element views are mounted in. */
export function viewRoot() {
  const root = document.getElementById('view');
  if (!root) throw new Error('index.html lacks #view');
  return root;
}

/** Mounts a view: clears #view, appends the view's element, moves focus to its heading. @param {HTMLElement} node */
export function mount(node) {
  const root = viewRoot();
  replace(root, node);
  const heading = node.querySelector('h1, h2');
  if (heading instanceof HTMLElement) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

/**
 * Sets the page language and title, and the theme (dark while in a call).
 * @param {{lang?: string, title?: string, dark?: boolean}} page
 */
export function setPage({ lang, title, dark }) {
  if (lang) document.documentElement.lang = lang;
  if (title) document.title = title;
  if (dark !== undefined) document.body.classList.toggle('dark', dark);
}

/** @param {HTMLMediaElement} media @param {MediaStream | null} stream */
export function attachStream(media, stream) {
  if (media.srcObject !== stream) media.srcObject = stream;
  if (stream) media.play().catch(() => {}); // autoplay may be refused; `autoplay` retries on gesture
}
