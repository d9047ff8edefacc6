import { describe, expect, it } from "vitest";
import { descriptionText, sanitizeDescription } from "./description-html.js";

describe("product descriptions", () => {
  it("keep only a small allow-list of tags, so nothing pasted can run on the store site", () => {
    const cleaned = sanitizeDescription(
      '<p onclick="x()">نخی <b>و</b> خنک</p><script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">لینک</a>',
    );
    expect(cleaned).toBe("<p>نخی <strong>و</strong> خنک</p><a>لینک</a>");
  });

  it("read as plain text where HTML can't be shown, with what the merchant typed intact", () => {
    const stored = sanitizeDescription("<p>پارچهٔ <نخی> & *دوبل*</p><ul><li>شست‌وشو با آب سرد</li><li>تولید ایران</li></ul>");
    expect(descriptionText(stored)).toBe("پارچهٔ <نخی> & *دوبل*\n• شست‌وشو با آب سرد\n• تولید ایران");
  });
});
