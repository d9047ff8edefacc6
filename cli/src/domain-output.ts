import type { DomainState } from "@mall/server/tenancy/custom-domain.service.js";

/** What `mall domain …` prints with `--json`. */
export interface DomainView {
  store: string;
  storeId: string;
  domain: string | null;
  verified: boolean;
  records: Array<{ type: string; name: string; value: string }>;
}

export function presentDomain(state: DomainState): DomainView {
  return { store: state.store.slug, storeId: state.store.id, domain: state.domain, verified: state.verified, records: state.records };
}

/** The DNS records as a small table staff can pass on to the merchant. */
export function recordLines(view: DomainView): string {
  const width = Math.max(...view.records.map((r) => r.name.length), 4);
  return view.records.map((r) => `  ${r.type.padEnd(5)}  ${r.name.padEnd(width)}  ${r.value}`).join("\n");
}
