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

/**
 * Focuses `pick()` once React has committed the change that removed the focused element: tries on
 * each of the next few frames (a commit may land a frame later), then falls back.
 */
export function focusSoon(pick: () => HTMLElement | null | undefined, fallback = focusMainHeading, frames = 6): void {
  requestAnimationFrame(() => {
    if (focusElement(pick())) return;
    if (frames > 1) focusSoon(pick, fallback, frames - 1);
    else fallback();
  });
}
