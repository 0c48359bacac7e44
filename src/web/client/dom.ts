/** Small DOM helpers the three pages share. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/**
 * Puts an HTML fragment from our own API into the page. The server builds these with every
 * string from data escaped (src/report/escape.ts); nothing typed on the page goes through here.
 */
export function setTrustedHtml(element: HTMLElement, html: string): void {
  element.innerHTML = html;
}

export function showMessage(element: HTMLElement, text: string): void {
  element.textContent = text;
  element.hidden = false;
}

export function hideMessage(element: HTMLElement): void {
  element.textContent = '';
  element.hidden = true;
}

export function debounce(run: () => void, ms: number): () => void {
  let timer: number | undefined;
  return () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, ms);
  };
}

/**
 * Marks the field an API error names: the wrapper with the longest data-field that the error's
 * field starts with gets the message, and its inputs aria-invalid. Returns false when none matches.
 */
export function markField(root: HTMLElement, field: string | undefined, message: string): boolean {
  if (!field) return false;
  const wrappers = [...root.querySelectorAll<HTMLElement>('[data-field]')].filter((w) => {
    const name = w.dataset.field!;
    return field === name || field.startsWith(`${name}.`);
  });
  const wrapper = wrappers.sort((a, b) => b.dataset.field!.length - a.dataset.field!.length)[0];
  if (!wrapper) return false;
  const slot = wrapper.querySelector<HTMLElement>('.field-error');
  if (slot) showMessage(slot, message);
  for (const input of wrapper.querySelectorAll('input, select')) input.setAttribute('aria-invalid', 'true');
  if (wrapper.tagName === 'FIELDSET') wrapper.setAttribute('aria-invalid', 'true');
  return true;
}

export function clearFields(root: HTMLElement): void {
  for (const slot of root.querySelectorAll<HTMLElement>('.field-error')) hideMessage(slot);
  for (const invalid of root.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
}
