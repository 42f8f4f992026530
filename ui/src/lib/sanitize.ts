// Markup from the shell (the map's SVG, the certificate's HTML) is rebuilt element by
// element from allow-lists (lib/training.ts) before it enters the page: never inserted
// as a string. The shell escapes every text it writes, and this is the second wall.

import { CERTIFICATE_ELEMENTS, safeCertificateAttribute, safeSvgAttribute, SVG_ELEMENTS } from "./training";

const SVG_NS = "http://www.w3.org/2000/svg";

function copySvg(from: Element): Element | null {
  if (from.namespaceURI !== SVG_NS || !SVG_ELEMENTS.has(from.localName)) return null;
  const to = document.createElementNS(SVG_NS, from.localName);
  for (const a of Array.from(from.attributes)) {
    if (!a.prefix && safeSvgAttribute(a.name, a.value)) to.setAttribute(a.name, a.value);
  }
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) to.append(document.createTextNode(child.textContent ?? ""));
    else if (child.nodeType === Node.ELEMENT_NODE) {
      const copy = copySvg(child as Element);
      if (copy) to.append(copy);
    }
  }
  return to;
}

/** The map's SVG as a new element of this document, or null if it is not an SVG document. */
export function sanitizeSvg(text: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = doc.documentElement;
  if (root.localName !== "svg" || root.namespaceURI !== SVG_NS || doc.getElementsByTagName("parsererror").length > 0) return null;
  return copySvg(root) as SVGSVGElement | null;
}

function copyHtml(from: Element): Element | null {
  const name = CERTIFICATE_ELEMENTS[from.localName];
  if (!name) return null;
  const to = document.createElement(name);
  for (const a of Array.from(from.attributes)) {
    if (safeCertificateAttribute(a.name, a.value)) to.setAttribute(a.name, a.value);
  }
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) to.append(document.createTextNode(child.textContent ?? ""));
    else if (child.nodeType === Node.ELEMENT_NODE) {
      const copy = copyHtml(child as Element);
      if (copy) to.append(copy);
      else to.append(document.createTextNode(child.textContent ?? ""));
    }
  }
  return to;
}

/** The certificate page's content (its `main`), as new elements of this document. */
export function sanitizeCertificate(html: string): Element[] {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const main = doc.querySelector("main");
  if (!main) return [];
  return Array.from(main.children)
    .map(copyHtml)
    .filter((e): e is Element => e !== null);
}
