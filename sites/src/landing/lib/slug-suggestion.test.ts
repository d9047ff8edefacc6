import { describe, expect, it } from "vitest";
import { suggestSlug } from "./slug-suggestion.ts";

describe("suggestSlug", () => {
  it.each([
    ["کتاب فروشی نمونه", "ktab-frushi-nmune"],
    ["گل‌فروشی باران", "glfrushi-baran"],
    ["Ketab Shop", "ketab-shop"],
    ["پوشاک ۲۴", "pushak-24"],
    ["  --  ", ""],
    ["یاس", "yas"],
  ])("%s → %s", (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
  });

  it("always gives a well-formed slug (or nothing) of at most 40 characters", () => {
    const slug = suggestSlug("فروشگاه ".repeat(20));
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
  });
});
