/**
 * Lighthouse (the npm package, pinned to 12.2.3) over a store site's pages in
 * its default mobile emulation, driving Debian's Chromium: the scores per
 * page and category, the metrics behind performance (LCP, TBT, CLS), and the
 * failed audits with what they point at. Performance is simulated (lantern)
 * yet still moves with the machine's load, so a page may be measured several
 * times: each figure is then the median of the runs.
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

/** The performance metrics reported beside the score: milliseconds, except CLS. */
const METRICS = {
  fcp: "first-contentful-paint",
  lcp: "largest-contentful-paint",
  tbt: "total-blocking-time",
  cls: "cumulative-layout-shift",
  si: "speed-index",
} as const;
export type LighthouseMetric = keyof typeof METRICS;

export interface FailingAudit {
  id: string;
  title: string;
  /** Lighthouse's own summary (e.g. "Potential savings of 20 KiB"). */
  value?: string;
  /** The first few elements, URLs or sources the audit names. */
  items: string[];
}

export interface PageScores {
  page: string;
  url: string;
  /** The median over the runs, per category. */
  scores: Partial<Record<LighthouseCategory, number>>;
  /** The median over the runs, per metric (performance runs only). */
  metrics: Partial<Record<LighthouseMetric, number>>;
  /** Each run's scores, in order. */
  runs: Array<Partial<Record<LighthouseCategory, number>>>;
  /** Audits scored below 0.9 in any run, per category, as `id: title`. */
  failing: Partial<Record<LighthouseCategory, string[]>>;
  /** The same audits with what they point at (from the last run that failed them). */
  details: FailingAudit[];
}

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];
type Audit = Lhr["audits"][string];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function failed(audit: Audit | undefined): audit is Audit {
  return (
    audit !== undefined &&
    audit.score !== null &&
    audit.score < 0.9 &&
    audit.scoreDisplayMode !== "informative" &&
    audit.scoreDisplayMode !== "notApplicable"
  );
}

/** What an audit's table points at, as short strings: a node's snippet, a URL, a source location. */
function itemsOf(audit: Audit): string[] {
  const details = audit.details as { items?: Array<Record<string, unknown>> } | undefined;
  return (details?.items ?? []).slice(0, 5).map((item) => {
    const node = (item.node ?? item) as { snippet?: string; selector?: string };
    const source = item.source as { url?: string; line?: number } | undefined;
    const text = node.snippet ?? (item.url as string | undefined) ?? (source?.url ? `${source.url}:${source.line}` : undefined);
    const extra = item.wastedBytes ? ` (${Math.round(Number(item.wastedBytes) / 1024)} KiB)` : item.score ? ` (${String(item.score)})` : "";
    return `${text ?? JSON.stringify(item).slice(0, 160)}${extra}`.slice(0, 240);
  });
}

export async function runLighthouse(
  pages: Array<{ page: string; url: string }>,
  categories: readonly LighthouseCategory[] = LIGHTHOUSE_CATEGORIES,
  options: { runs?: number } = {},
): Promise<PageScores[]> {
  const runs = options.runs ?? 1;
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
      const reports: Lhr[] = [];
      for (let run = 0; run < runs; run++) {
        const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...categories] });
        if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
        // A run Lighthouse itself failed (no paint seen, a trace it could not read) scores 0: it says nothing of the page.
        if (result.lhr.runtimeError) process.stderr.write(`${url}: run ${run + 1} failed (${result.lhr.runtimeError.code}), left out\n`);
        else reports.push(result.lhr);
      }
      if (reports.length === 0) throw new Error(`Lighthouse failed every run of ${url}`);
      const scoresOf = (lhr: Lhr) =>
        Object.fromEntries(categories.map((category) => [category, Math.round((lhr.categories[category]?.score ?? 0) * 100)])) as Partial<
          Record<LighthouseCategory, number>
        >;
      const perRun = reports.map(scoresOf);
      const scores: PageScores["scores"] = {};
      for (const category of categories) scores[category] = median(perRun.map((s) => s[category]!));
      const metrics: PageScores["metrics"] = {};
      if (categories.includes("performance")) {
        for (const [name, id] of Object.entries(METRICS) as Array<[LighthouseMetric, string]>) {
          // A run whose trace Lighthouse could not read has no value for a metric: the median of the others.
          const values = reports.map((lhr) => lhr.audits[id]?.numericValue).filter((value): value is number => Number.isFinite(value));
          if (values.length === 0) continue;
          const value = median(values);
          metrics[name] = name === "cls" ? Math.round(value * 1000) / 1000 : Math.round(value);
        }
      }
      const failing: PageScores["failing"] = {};
      const details = new Map<string, FailingAudit>();
      for (const category of categories) {
        const ids = new Set<string>();
        for (const lhr of reports) {
          for (const ref of lhr.categories[category]?.auditRefs ?? []) {
            const audit = lhr.audits[ref.id];
            if (!failed(audit)) continue;
            ids.add(`${audit.id}: ${audit.title}`);
            details.set(audit.id, { id: audit.id, title: audit.title, value: audit.displayValue, items: itemsOf(audit) });
          }
        }
        failing[category] = [...ids];
      }
      results.push({ page, url, scores, metrics, runs: perRun, failing, details: [...details.values()] });
    }
    return results;
  } finally {
    chrome.kill();
  }
}

/** The scores (medians) as a Markdown table, one row per page, with LCP, TBT and CLS when performance was measured. */
export function scoreTable(results: PageScores[], categories: readonly LighthouseCategory[] = LIGHTHOUSE_CATEGORIES): string {
  const withMetrics = categories.includes("performance");
  const metricHeads = withMetrics ? ["LCP ms", "TBT ms", "CLS"] : [];
  const heads = [...categories, ...metricHeads];
  const head = `| page | ${heads.join(" | ")} |\n| --- | ${heads.map(() => "---:").join(" | ")} |`;
  const row = (r: PageScores) => {
    const cells: Array<string | number> = categories.map((c) => r.scores[c] ?? "");
    if (withMetrics) cells.push(r.metrics.lcp ?? "", r.metrics.tbt ?? "", r.metrics.cls ?? "");
    return `| ${r.page} | ${cells.join(" | ")} |`;
  };
  return [head, ...results.map(row)].join("\n");
}
