import { z } from "../platform/zod.js";
import { CONFIGURABLE_GATEWAYS, GATEWAYS, PAYMENT_STATES } from "./payment-state.js";
import { REFUND_METHODS, REFUND_STATUSES } from "./refund.entity.js";

// ─── Inputs ───────────────────────────────────────────────────────────────

export const startPaymentSchema = z.object({ gateway: z.enum(GATEWAYS, "درگاه پرداخت را انتخاب کنید.") }).openapi("StartPayment");

/** The sandbox page's buttons. */
export const sandboxDecisionSchema = z.object({ action: z.enum(["pay", "fail", "cancel"]) });

/** Longest note a refund keeps (it is repeated in the order's history and the shopper's SMS). */
export const REFUND_NOTE_MAX_LENGTH = 500;
/** Longest bank reference of a manual refund. */
export const REFUND_REFERENCE_MAX_LENGTH = 100;

/**
 * A refund request, as every surface sends it (the API's body, the back
 * office's form). Only the shape is checked here; the rules (amount at most
 * what was paid, the note's and the reference's length, a reversal only of
 * the whole payment…) are refund.service's, checked once there, and the
 * limits below only document them.
 */
export const refundOrderSchema = z
  .object({
    method: z.enum(REFUND_METHODS, "روش بازپرداخت را انتخاب کنید: برگشت از درگاه (gateway) یا بازپرداخت دستی (manual)."),
    amount: z.number("مبلغ را به ریال و با عدد وارد کنید.").optional().openapi({
      type: "integer",
      minimum: 1,
      description: "Rials; default: the whole paid amount. A gateway reversal is always the whole payment.",
    }),
    restock: z.boolean("بگویید کالاها به موجودی برگردند یا نه.").openapi({ description: "Put the order's items back in stock (once)" }),
    note: z
      .string("توضیح باید متن باشد.")
      .optional()
      .openapi({ maxLength: REFUND_NOTE_MAX_LENGTH, description: "Why; repeated in the order's history and the shopper's SMS" }),
    reference: z
      .string("شمارهٔ پیگیری باید متن باشد.")
      .optional()
      .openapi({ maxLength: REFUND_REFERENCE_MAX_LENGTH, description: "A manual refund's bank reference" }),
  })
  .openapi("RefundOrder");
export type RefundInput = z.output<typeof refundOrderSchema>;

export const gatewayCredentialsInputSchema = z
  .object({
    credentials: z.record(z.string(), z.unknown()).openapi({
      description:
        "The gateway's fields: zarinpal {merchantId}; mellat {terminalId, userName, userPassword}; saman {terminalId}; parsian {loginAccount}",
      example: { merchantId: "1344b5d4-0048-11e8-94db-005056a205be" },
    }),
    enabled: z.boolean().optional().openapi({ description: "Default: true for a new gateway, unchanged for an existing one" }),
  })
  .openapi("StorePaymentGatewayCredentials");

export const gatewayEnabledSchema = z.object({ enabled: z.boolean("فعال یا غیرفعال بودن درگاه را مشخص کنید.") });

// ─── Outputs ──────────────────────────────────────────────────────────────

export const paymentRedirectSchema = z
  .object({
    paymentId: z.uuid(),
    redirect: z.object({ url: z.string(), method: z.enum(["GET", "POST"]), fields: z.record(z.string(), z.string()) }),
  })
  .openapi("PaymentRedirect", { description: "Send the browser to `url` (a form with `fields`, by `method`)." });

export const paymentSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    gateway: z.enum(GATEWAYS),
    state: z.enum(PAYMENT_STATES),
    amount: z.number().int(),
    reference: z.string().nullable(),
    cardPan: z.string().nullable(),
    failureCode: z.string().nullable(),
    failureMessage: z.string().nullable(),
  })
  .openapi("Payment");

export const gatewayListSchema = z.object({ items: z.array(z.object({ gateway: z.enum(GATEWAYS), label: z.string() })) });

export const refundSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    paymentId: z.uuid().nullable(),
    method: z.enum(REFUND_METHODS),
    status: z.enum(REFUND_STATUSES),
    amount: z.number().int(),
    restock: z.boolean(),
    note: z.string().nullable(),
    reference: z.string().nullable(),
    actorUserId: z.uuid().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .openapi("OrderRefund");

export const gatewaySettingSchema = z
  .object({
    gateway: z.enum(CONFIGURABLE_GATEWAYS),
    label: z.string(),
    enabled: z.boolean().openapi({ description: "Offered at checkout (when also `available`)" }),
    configured: z.boolean().openapi({ description: "Credentials have been entered" }),
    available: z.boolean().openapi({ description: "This installation runs the gateway's driver" }),
    fields: z.array(
      z.object({
        name: z.string(),
        label: z.string().openapi({ description: "Persian, for the form" }),
        secret: z.boolean(),
        hint: z
          .string()
          .nullable()
          .openapi({ description: "The stored value's last 4 characters («****05be»); never the value", example: "****05be" }),
      }),
    ),
    updatedAt: z.string().nullable(),
  })
  .openapi("StorePaymentGateway");

export const gatewaySettingListSchema = z.object({ items: z.array(gatewaySettingSchema) });
