import type { Job } from "bullmq";
import { systemContext } from "../core/context.js";
import type { Platform } from "../platform/platform.js";
import type { GatewayDrivers } from "./gateway.js";
import { createGateways } from "./gateway-drivers.js";
import { reconcilePayments } from "./payment.service.js";

/** How often the reconciliation sweep runs. */
export const PAYMENT_RECONCILE_EVERY_MS = 60_000;
/** A payment untouched this long while `verifying` (or paid and unsettled) is the sweep's to finish. */
export const PAYMENT_RECONCILE_AFTER_MS = 2 * 60_000;

/**
 * The `payment-reconcile` queue's repeatable `sweep`: inquires at the
 * gateway about payments whose verify or settle went unanswered, and
 * finishes (paid and settled) or undoes (reversed) each one; and, at
 * gateways that answer by token alone (ZarinPal), about attempts whose
 * shopper paid and never came back, while they can still be reversed.
 */
export function paymentReconcileJob(
  platform: Pick<Platform, "dataSource" | "config" | "redis" | "logger">,
  gateways: GatewayDrivers = createGateways(platform),
) {
  return async (_job: Job) => {
    const result = await reconcilePayments(
      systemContext(platform.dataSource.manager, "payment-reconcile"),
      { config: platform.config, gateways },
      { olderThanMs: PAYMENT_RECONCILE_AFTER_MS },
    );
    if (result.checked > 0) platform.logger.info(result, "payments reconciled");
    return result;
  };
}
