/**
 * Where focus goes when the element that had it disappears (WAI-ARIA APG: never leave focus on
 * <body>). Headings get tabindex="-1" so they take focus without joining the Tab order.
 */
export function focusElement(el: HTMLElement | null | undefined): boolean {
  if (!el || !el.isConnected) return false;
  if (!el.matches('button, [href], input, select, textarea, summary, [tabindex]')) el.setAttribute('tabindex', '-1');
  el.focus();
  return document.activeElement === el;
}

/** The current screen's main heading. */
export function focusMainHeading(): boolean {
  return focusElement(document.querySelector<HTMLElement>('main h1'));
}

/** Runs after React committed the change that removed the focused element. */
export function focusSoon(pick: () => HTMLElement | null | undefined, fallback = focusMainHeading): void {
  requestAnimationFrame(() => {
    if (!focusElement(pick())) fallback();
  });
}
