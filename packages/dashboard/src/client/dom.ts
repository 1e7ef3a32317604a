/** Attribute values; `undefined` leaves the attribute out. */
type Attributes = Readonly<Record<string, string | number | undefined>>;

/** A child: an element or text (text is always inserted as text, never parsed as HTML). */
type Child = Node | string;

function fill<E extends Element>(element: E, attributes: Attributes, children: readonly Child[]): E {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

/**
 * Creates an HTML element with attributes and children.
 *
 * @param tag - The element's tag.
 * @param attributes - Its attributes.
 * @param children - Elements or text.
 * @returns The element.
 */
export function html<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attributes, children);
}

/**
 * Creates an SVG element with attributes and children.
 *
 * @param tag - The element's tag.
 * @param attributes - Its attributes.
 * @param children - Elements or text.
 * @returns The element.
 */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
}

/**
 * The element with this id, which the page always has.
 *
 * @param id - The element's id.
 * @returns The element.
 * @throws Error when the page lacks it (a page and script of different versions).
 */
export function byId<E extends HTMLElement = HTMLElement>(id: string): E {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The dashboard page has no #${id}: reload the page.`);
  return element as E;
}

/**
 * Sets an element's text, touching the DOM only when it changes.
 *
 * @param element - The element.
 * @param text - Its new text.
 */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
