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
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The demo store's pages measured: one of each kind a shopper goes through,
 * and whether search engines should index it. Search, cart and checkout say
 * noindex on purpose (a shopper's cart or a search result has no place in a
 * search engine's index).
 */
export const LIGHTHOUSE_PAGES = [
  ["home", "/", "index"],
  ["category", "/c/clothing/", "index"],
  ["product", "/p/cotton-tshirt/", "index"],
  ["search", "/search/?q=%D8%AA%DB%8C%D8%B4%D8%B1%D8%AA", "noindex"],
  ["cart", "/cart/", "noindex"],
  ["checkout", "/checkout/", "noindex"],
] as const;

/**
 * How the SEO column reads on a noindex page. Lighthouse's SEO category has
 * one audit, is-crawlable, that fails on every page a search engine is told
 * not to index (a robots meta tag, an X-Robots-Tag header or robots.txt):
 * there is no way to be noindex and pass it, so such a page scores 69 at
 * best. For those pages the table gives the SEO score of every other SEO
 * audit, marked "noindex", and `crawlable` says whether is-crawlable passed:
 * a noindex page must fail it and every other page must pass it.
 */
export const NOINDEX_NOTE =
  'SEO on a page marked "noindex" (search, cart, checkout: kept out of search engines on purpose) is the score of every SEO audit but is-crawlable, which fails on any noindex page by design; each such page was checked to be noindex, and every other page to be crawlable.';

export const LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
export type LighthouseCategory = (typeof LIGHTHOUSE_CATEGORIES)[number];

/** The performance metrics reported beside the score: milliseconds, except CLS. */
const METRICS = {
  fcp: "first-contentful-paint",
  lcp: "largest-contentful-paint",
  tbt: "total-blocking-time",
  cls: "cumulative-layout-shift",
  si: "speed-index",
  /** Script evaluation + parse + compile, summed over the page's scripts (bootup-time). */
  bootup: "bootup-time",
  /** All main-thread work during load (mainthread-work-breakdown). */
  mainThread: "mainthread-work-breakdown",
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
  /** Whether Lighthouse's is-crawlable audit passed in every run (false: noindex or blocked by robots.txt). Present when SEO was measured. */
  crawlable?: boolean;
  /** The median SEO score over every SEO audit but is-crawlable (what a noindex page is held to). Present when SEO was measured. */
  seoBesideCrawlable?: number;
  /** JavaScript the page loads, bytes over the wire (resource-summary; performance runs only): does not move with the machine's load. */
  scriptBytes?: number;
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

/** The SEO category's score as Lighthouse computes it (weighted mean of the scored audits), leaving one audit out; 0–100. */
function seoScoreBeside(lhr: Lhr, left: string): number {
  let sum = 0;
  let weight = 0;
  for (const ref of lhr.categories.seo?.auditRefs ?? []) {
    const audit = lhr.audits[ref.id];
    if (ref.id === left || !audit || ref.weight <= 0) continue;
    if (["notApplicable", "informative", "manual"].includes(audit.scoreDisplayMode)) continue;
    sum += (audit.score ?? 0) * ref.weight;
    weight += ref.weight;
  }
  return weight === 0 ? 0 : Math.round((sum / weight) * 100);
}

/** The bytes of script the page transferred, from resource-summary's "script" row. */
function scriptBytesOf(lhr: Lhr): number | undefined {
  const items = (lhr.audits["resource-summary"]?.details as { items?: Array<{ resourceType: string; transferSize: number }> } | undefined)
    ?.items;
  return items?.find((item) => item.resourceType === "script")?.transferSize;
}

export async function runLighthouse(
  pages: Array<{ page: string; url: string }>,
  categories: readonly LighthouseCategory[] = LIGHTHOUSE_CATEGORIES,
  /** runs: how many times each page is measured; keep: a folder for every run's whole report. */
  options: { runs?: number; keep?: string } = {},
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
        if (options.keep) writeFileSync(join(options.keep, `${page}-${run + 1}.json`), JSON.stringify(result.lhr));
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
      const seo = categories.includes("seo")
        ? {
            crawlable: reports.every((lhr) => lhr.audits["is-crawlable"]?.score === 1),
            seoBesideCrawlable: median(reports.map((lhr) => seoScoreBeside(lhr, "is-crawlable"))),
          }
        : {};
      const scriptBytes = categories.includes("performance") ? scriptBytesOf(reports[reports.length - 1]!) : undefined;
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
      results.push({ page, url, scores, metrics, ...seo, scriptBytes, runs: perRun, failing, details: [...details.values()] });
    }
    return results;
  } finally {
    chrome.kill();
  }
}

/**
 * The scores (medians) as a Markdown table, one row per page, with LCP, TBT,
 * CLS, script bootup, main-thread work and the script's KiB over the wire when
 * performance was measured (the KiB do not move with the machine's load; the
 * times and the performance score do). A page that is not crawlable shows
 * its SEO score beside is-crawlable, marked "noindex" (NOINDEX_NOTE).
 */
export function scoreTable(results: PageScores[], categories: readonly LighthouseCategory[] = LIGHTHOUSE_CATEGORIES): string {
  const withMetrics = categories.includes("performance");
  const metricHeads = withMetrics ? ["LCP ms", "TBT ms", "CLS", "JS boot ms", "main thread ms", "JS KiB"] : [];
  const heads = [...categories, ...metricHeads];
  const head = `| page | ${heads.join(" | ")} |\n| --- | ${heads.map(() => "---:").join(" | ")} |`;
  const row = (r: PageScores) => {
    const cells: Array<string | number> = categories.map((c) =>
      c === "seo" && r.crawlable === false ? `${r.seoBesideCrawlable} noindex` : (r.scores[c] ?? ""),
    );
    if (withMetrics)
      cells.push(
        r.metrics.lcp ?? "",
        r.metrics.tbt ?? "",
        r.metrics.cls ?? "",
        r.metrics.bootup ?? "",
        r.metrics.mainThread ?? "",
        r.scriptBytes === undefined ? "" : (r.scriptBytes / 1024).toFixed(1),
      );
    return `| ${r.page} | ${cells.join(" | ")} |`;
  };
  return [head, ...results.map(row)].join("\n");
}
