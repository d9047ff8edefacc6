/**
 * JSON for a `<script type="application/ld+json">` element. JSON.stringify
 * leaves `<`, `>` and `&` as they are, so a product named
 * `</script><img src=x onerror=…>` would end the element and put markup in
 * the page; escaped as \u003c… they are the same JSON to every reader.
 * U+2028/U+2029 are escaped too (line terminators to older JavaScript parsers).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * schema.org AggregateRating and Review for a product with approved reviews
 * (from the snapshot; issue 27 #1), nothing for one without: a rating of no
 * reviews is not valid structured data.
 */
export function ratingLd(product: {
  rating: { average: number; count: number } | null;
  reviews: Array<{ rating: number; body: string; author: string; date: string }>;
}): Record<string, unknown> {
  if (!product.rating) return {};
  return {
    aggregateRating: {
      "@type": "AggregateRating",
      ratingValue: product.rating.average,
      reviewCount: product.rating.count,
      bestRating: 5,
      worstRating: 1,
    },
    review: product.reviews.map((r) => ({
      "@type": "Review",
      reviewRating: { "@type": "Rating", ratingValue: r.rating, bestRating: 5, worstRating: 1 },
      author: { "@type": "Person", name: r.author },
      datePublished: r.date,
      ...(r.body ? { reviewBody: r.body } : {}),
    })),
  };
}
