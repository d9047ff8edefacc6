import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/config.js";
import { renderNginxConfig } from "./nginx-config.js";
import { DEFAULT_SITE_CSP_CONFIG, siteCsp } from "./site-csp.js";

describe("the site's CSP", () => {
  it("lets forms reach our own origin and the form-POST gateways (Mellat, Saman, Parsian), from configuration", () => {
    expect(siteCsp(DEFAULT_SITE_CSP_CONFIG)).toContain(
      "form-action 'self' https://bpm.shaparak.ir https://sep.shaparak.ir https://pec.shaparak.ir;",
    );
    const config = parseConfig({
      ...process.env,
      MELLAT_BASE_URL: "http://127.0.0.1:4000/pgwchannel",
      SAMAN_BASE_URL: "https://sep.shaparak.ir",
      PARSIAN_BASE_URL: "https://sep.shaparak.ir/",
    });
    expect(siteCsp(config)).toContain("form-action 'self' http://127.0.0.1:4000 https://sep.shaparak.ir;");
    expect(siteCsp(config)).toContain("frame-ancestors 'none'");
  });

  it("is the policy nginx sends, the same for the same settings", () => {
    const options = { upstreams: ["server:3000"], sitesDir: "/app/.data/sites", listen: "80" };
    expect(renderNginxConfig(options)).toContain(`add_header Content-Security-Policy "${siteCsp(DEFAULT_SITE_CSP_CONFIG)}";`);
    expect(renderNginxConfig(options)).toBe(renderNginxConfig(options));
  });
});
