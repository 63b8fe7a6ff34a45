import { useId } from 'react';

/**
 * A figure's name with its short definition, shown on hover AND on keyboard focus (WCAG 1.4.13): the term
 * is a focusable button described by the tooltip (aria-describedby), so a screen reader reads the
 * definition too. The tooltip stays in the DOM (hidden by CSS until hover or focus); Escape is not needed
 * since it never covers other content (it opens below the term).
 */
export function FigureTerm({ term, definition }: { term: string; definition: string }) {
  const id = useId();
  return (
    <span className="figure-term">
      <button type="button" className="figure-term-button" aria-describedby={id}>
        {term}
      </button>
      <span role="tooltip" id={id} className="figure-term-tip">
        {definition}
      </span>
    </span>
  );
}
