/**
 * Lighthouse (the npm package, pinned to 12.2.3) over a store site's pages in
 * its default mobile emulation, driving Debian's Chromium: the scores per
 * page and category, and the failed audits' titles for a look at why.
 */
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

/** The demo store's pages measured: one of each kind a shopper goes through. Search, cart and checkout are noindex on purpose. */
export const LIGHTHOUSE_PAGES = [
  ["home", "/"],
  ["category", "/c/clothing/"],
  ["product", "/p/cotton-tshirt/"],
  ["search", "/search/?q=%D8%AA%DB%8C%D8%B4%D8%B1%D8%AA"],
  ["cart", "/cart/"],
  ["checkout", "/checkout/"],
] as const;

export const LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
export type LighthouseCategory = (typeof LIGHTHOUSE_CATEGORIES)[number];

export interface PageScores {
  page: string;
  url: string;
  scores: Partial<Record<LighthouseCategory, number>>;
  /** Audits scored below 0.9, per category run, as `id: title`. */
  failing: Partial<Record<LighthouseCategory, string[]>>;
}

export async function runLighthouse(
  pages: Array<{ page: string; url: string }>,
  categories: readonly LighthouseCategory[] = LIGHTHOUSE_CATEGORIES,
): Promise<PageScores[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP *.localhost 127.0.0.1",
    ],
  });
  try {
    const results: PageScores[] = [];
    for (const { page, url } of pages) {
      const run = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...categories] });
      if (!run) throw new Error(`Lighthouse gave no result for ${url}`);
      const { lhr } = run;
      const scores: PageScores["scores"] = {};
      for (const category of categories) scores[category] = Math.round((lhr.categories[category]?.score ?? 0) * 100);
      const failing: PageScores["failing"] = {};
      for (const category of categories) {
        failing[category] = (lhr.categories[category]?.auditRefs ?? [])
          .map((ref) => lhr.audits[ref.id])
          .filter(
            (audit) =>
              audit &&
              audit.score !== null &&
              audit.score < 0.9 &&
              audit.scoreDisplayMode !== "informative" &&
              audit.scoreDisplayMode !== "notApplicable",
          )
          .map((audit) => `${audit!.id}: ${audit!.title}`);
      }
      results.push({ page, url, scores, failing });
    }
    return results;
  } finally {
    chrome.kill();
  }
}

/** The scores as a Markdown table, one row per page. */
export function scoreTable(results: PageScores[], categories: readonly LighthouseCategory[] = LIGHTHOUSE_CATEGORIES): string {
  const head = `| page | ${categories.join(" | ")} |\n| --- | ${categories.map(() => "---:").join(" | ")} |`;
  return [head, ...results.map((r) => `| ${r.page} | ${categories.map((c) => r.scores[c] ?? "").join(" | ")} |`)].join("\n");
}
