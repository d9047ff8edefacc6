import { runDoctor, type Check } from "@mall/server/ops/doctor.js";
import { MallCommand } from "../base-command.js";

export default class Doctor extends MallCommand {
  static override summary = "Check PostgreSQL, Redis, nginx, storage and each configured provider; exit 1 if any fails";

  static override description =
    "One line each: PostgreSQL (and pending migrations), Redis, nginx (the binary in NGINX_TEST_COMMAND, and nginx -t of the configuration `mall nginx config` generates), media storage (the local folder is writable, or the S3 bucket answers), the SMS provider, the payment gateways stores use or the environment names (their base URL answers), and Telegram's Bot API (getMe) when a bot token is set.";

  static override examples = ["<%= config.bin %> <%= command.id %>", "<%= config.bin %> <%= command.id %> --json"];

  static override flags = {};

  async run(): Promise<{ ok: boolean; checks: Check[] }> {
    await this.parse(Doctor);
    const checks = await runDoctor(this.configuration());
    const ok = checks.every((check) => check.ok);
    const width = Math.max(...checks.map((check) => check.name.length));
    for (const check of checks) this.log(`${check.ok ? "✓" : "✗"} ${check.name.padEnd(width)}  ${check.detail}`);
    if (!ok) {
      if (this.jsonEnabled()) this.logJson({ ok, checks });
      this.exit(1);
    }
    return { ok, checks };
  }
}
