/**
 * A colour swatch drawn as SVG: its fill is an attribute, not an inline
 * style, so it passes the site's hash-only style policy. The product page's
 * picker and the category page's filters share it (a module of its own, so
 * the category page does not load the picker).
 */
export function Swatch({ hex, size }: { hex: string; size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11.5" fill={hex} stroke="rgb(0 0 0 / 0.15)" />
    </svg>
  );
}
