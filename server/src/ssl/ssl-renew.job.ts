import type { Job } from "bullmq";
import type { Platform } from "../platform/platform.js";
import { renewDueCertificates } from "./ssl.service.js";

/** How often the renewal sweep looks for certificates within SSL_RENEW_DAYS of expiry (twice a day, as ACME clients usually do). */
export const SSL_RENEW_EVERY_MS = 12 * 3600_000;

/**
 * The `ssl-renew` queue's repeatable `sweep`: renews every custom-domain
 * certificate that expires within SSL_RENEW_DAYS. Failures are recorded per
 * certificate (and logged at error level) rather than failing the job, so one
 * domain whose DNS moved away does not hold back the others; the job fails
 * only when any did, so BullMQ's failed list shows it too.
 */
export function sslRenewJob(platform: Pick<Platform, "dataSource" | "config" | "logger">) {
  return async (_job: Job) => {
    const outcomes = await renewDueCertificates(platform);
    const failed = outcomes.filter((outcome) => !outcome.renewed);
    if (failed.length > 0)
      throw new Error(`certificate renewal failed for ${failed.map((outcome) => `${outcome.domain} (${outcome.error})`).join(", ")}`);
    return { renewed: outcomes.length };
  };
}
