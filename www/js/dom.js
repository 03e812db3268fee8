// Tiny DOM helpers. Text always goes in through text nodes / textContent, never as markup:
// everything a scenario contains (descriptions, ids, authors…) may be hostile.

const PROPS = new Set(['checked', 'value', 'disabled', 'hidden', 'selected', 'indeterminate']);

function apply(node, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      if (PROPS.has(key)) node[key] = false;
      continue;
    }
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (PROPS.has(key)) node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** An HTML element: `el('td', { class: 'x', text: 'hello' })` or `el('p', {}, 'a', child)`. */
export function el(tag, props = {}, ...children) {
  return append(apply(document.createElement(tag), props), children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, built with the DOM like the rest. */
export function svg(tag, props = {}, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), props), children);
}

/** Removes every child and appends the given ones. */
export function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/**
 * The message of an engine error without the `code at path: ` the engine puts in front of
 * it (for a console), since the panel shows the code and the path on their own lines.
 */
export function plainMessage(message, code, path) {
  for (const prefix of [code && path ? `${code} at ${path}: ` : null, code ? `${code}: ` : null]) {
    if (prefix && message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}

/** Shows an engine error (or any error) as code, path and message, in `box`. */
export function showError(box, error, lead = 'The engine refused this input') {
  const code = error && typeof error.code === 'string' ? error.code : null;
  const path = error && typeof error.path === 'string' ? error.path : null;
  const message = plainMessage(error && error.message ? String(error.message) : String(error), code, path);
  fill(
    box,
    el('p', { class: 'error-lead' }, el('strong', { text: lead })),
    el(
      'dl',
      { class: 'error-fields' },
      code ? [el('dt', { text: 'Code' }), el('dd', {}, el('code', { class: 'error-code', text: code }))] : null,
      path !== null ? [el('dt', { text: 'Field' }), el('dd', {}, el('code', { class: 'error-path', text: path === '' ? '(the whole input)' : path }))] : null,
      el('dt', { text: 'Message' }),
      el('dd', { class: 'error-message', text: message }),
    ),
  );
  box.hidden = false;
}

export function hideError(box) {
  box.replaceChildren();
  box.hidden = true;
}

/** Shows one line of good news in a status `box`. */
export function say(box, text) {
  fill(box, el('p', { class: 'ok', text }));
}
