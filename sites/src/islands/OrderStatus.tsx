import { useEffect, useState } from "react";
import { formatToman, toPersianDigits } from "@mall/locale";
import { ApiError, authedApi, useSession } from "./api.ts";
import type { OrderDetail } from "./order-types.ts";
import { payOrder, storeGateways, type GatewayOption, type PaymentResult } from "./payment.ts";
import SignIn from "./SignIn.tsx";
import { Alert, card, jalaliDateTime, localPhone, primaryButton, StateBadge } from "./ui.tsx";

/** A numeric reference (ZarinPal ref_id, Mellat SaleReferenceId, PEC RRN) in Persian digits; a code with letters (SEP's RefNum receipt) exactly as the bank printed it, to be read out or copied. */
function referenceText(reference: string | null): string {
  return reference && /^\d+$/.test(reference) ? toPersianDigits(reference) : (reference ?? "");
}

/**
 * The order status page (`/order/?id=…`): state, lines, totals, address and
 * history with Jalali dates, for the shopper who placed it (signed in here).
 */
/** What the printed receipt names: the store, its address and phone (snapshot contact). */
export interface ReceiptStore {
  name: string;
  address: string | null;
  phone: string | null;
}

export default function OrderStatus({ storeSlug, store }: { storeSlug: string; store?: ReceiptStore }) {
  const session = useSession(storeSlug);
  const [id, setId] = useState<string | null>(null);
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [paymentId, setPaymentId] = useState<string | null>(null);
  const [payment, setPayment] = useState<PaymentResult | null>(null);
  const [gateways, setGateways] = useState<GatewayOption[]>([]);
  const [paying, setPaying] = useState(false);

  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    setId(params.get("id"));
    setPaymentId(params.get("payment"));
    storeGateways()
      .then(setGateways)
      .catch(() => setGateways([]));
  }, []);

  // The gateway's verdict; while the bank is still being asked, look again shortly (and then reload the order).
  useEffect(() => {
    if (!paymentId || !session) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tries = 0;
    const load = () => {
      authedApi<PaymentResult>(storeSlug, "GET", `/payments/${encodeURIComponent(paymentId)}`)
        .then((result) => {
          setPayment(result);
          if ((result.state === "verifying" || result.state === "redirected") && tries++ < 20) timer = setTimeout(load, 1500);
          else if (id) void authedApi<OrderDetail>(storeSlug, "GET", `/orders/${encodeURIComponent(id)}`).then(setOrder);
        })
        .catch(() => setPayment(null));
    };
    load();
    return () => clearTimeout(timer);
  }, [paymentId, session?.phone, storeSlug]);

  const pay = async (gateway: string) => {
    if (!id) return;
    setPaying(true);
    try {
      await payOrder(storeSlug, id, gateway);
    } catch (failure) {
      setPaying(false);
      setError(failure instanceof Error ? failure.message : "خطایی رخ داد.");
    }
  };

  useEffect(() => {
    if (!id || !session) return;
    setError(null);
    authedApi<OrderDetail>(storeSlug, "GET", `/orders/${encodeURIComponent(id)}`)
      .then(setOrder)
      .catch((failure: unknown) =>
        setError(
          failure instanceof ApiError && failure.status === 404
            ? "این سفارش پیدا نشد؛ شاید با شمارهٔ دیگری ثبت شده باشد."
            : failure instanceof Error
              ? failure.message
              : "خطایی رخ داد.",
        ),
      );
  }, [id, session?.phone, storeSlug]);

  if (!session) {
    return (
      <div className={card}>
        <SignIn storeSlug={storeSlug} intro="برای دیدن سفارش، با همان شمارهٔ همراهی وارد شوید که سفارش را با آن ثبت کرده‌اید." />
      </div>
    );
  }
  if (error) return <Alert tone="error">{error}</Alert>;
  if (!id) {
    return (
      <p className="text-[var(--c-muted)]">
        سفارش‌هایتان را در{" "}
        <a href="/account/" className="underline">
          حساب کاربری
        </a>{" "}
        ببینید.
      </p>
    );
  }
  if (!order) return <p className="text-[var(--c-muted)]">در حال بارگذاری…</p>;

  const a = order.shippingAddress;
  return (
    <div className="space-y-6" data-testid="order">
      {/* The printed receipt's head: the store that sold, in print only. */}
      <div className="hidden border-b-2 border-black pb-3 [overflow-wrap:anywhere] print:block" data-testid="receipt-head">
        <p className="text-2xl font-black">{store?.name}</p>
        {store?.address && <p className="text-sm">{store.address}</p>}
        {store?.phone && <p className="text-sm">تلفن: {toPersianDigits(store.phone)}</p>}
        <p className="mt-2 font-bold">
          رسید سفارش {toPersianDigits(order.number)} · {jalaliDateTime(order.createdAt)}
        </p>
      </div>
      <div className={`${card} flex flex-wrap items-center justify-between gap-3 print:hidden`}>
        <div className="min-w-0">
          <h2 className="text-xl font-black" data-testid="order-number">
            سفارش {toPersianDigits(order.number)}
          </h2>
          <p className="text-sm text-[var(--c-muted)]">ثبت‌شده در {jalaliDateTime(order.createdAt)}</p>
        </div>
        <div className="flex items-center gap-3">
          <StateBadge state={order.state} />
          <button
            type="button"
            onClick={() => window.print()}
            className="min-h-11 rounded-xl border border-[var(--c-line)] px-4 text-sm font-bold"
            data-testid="print-receipt"
          >
            چاپ رسید
          </button>
        </div>
      </div>

      {payment && (
        <div data-testid="payment-result" className="print:hidden">
          {payment.state === "paid" ? (
            <Alert tone="info">
              <strong className="block text-lg">پرداخت موفق</strong>
              شمارهٔ پیگیری:{" "}
              <strong dir="ltr" className="break-all" data-testid="payment-reference">
                {referenceText(payment.reference)}
              </strong>
            </Alert>
          ) : payment.state === "failed" || payment.state === "reversed" ? (
            <Alert tone="error">
              <strong className="block text-lg">پرداخت ناموفق</strong>
              {payment.failureMessage}
            </Alert>
          ) : (
            <Alert tone="info">در حال بررسی پرداخت با بانک…</Alert>
          )}
        </div>
      )}
      {/* Paying is for the screen: the paper keeps the receipt alone. */}
      {order.state === "pending_payment" && (
        <div className="print:hidden">
          <Alert tone="info">
            <p data-testid="payment-note">
              سفارش شما ثبت شد و در انتظار پرداخت است.
              {order.reservedUntil && <> کالاهای این سفارش تا {jalaliDateTime(order.reservedUntil)} برایتان نگه داشته می‌شوند.</>}
              {gateways.length === 0 && (
                <> پرداخت آنلاین این فروشگاه به‌زودی فعال می‌شود؛ فروشگاه برای هماهنگی پرداخت با شما تماس می‌گیرد.</>
              )}
            </p>
            {gateways.length > 0 && (
              <div className="mt-3 flex flex-wrap gap-2">
                {gateways.map((g) => (
                  <button
                    key={g.gateway}
                    type="button"
                    className={primaryButton}
                    disabled={paying}
                    onClick={() => void pay(g.gateway)}
                    data-testid={`pay-${g.gateway}`}
                  >
                    پرداخت با {g.label}
                  </button>
                ))}
              </div>
            )}
          </Alert>
        </div>
      )}
      {order.trackingCode && (
        <Alert tone="info">
          کد رهگیری مرسوله ({order.shippingName}):{" "}
          <strong dir="ltr" className="break-all">
            {order.trackingCode}
          </strong>
        </Alert>
      )}

      <section className={card} aria-labelledby="lines">
        <h2 id="lines" className="mb-3 font-black">
          کالاها
        </h2>
        <ul className="divide-y divide-[var(--c-line)]">
          {order.lines.map((line, index) => (
            <li key={`${line.sku}-${index}`} className="flex justify-between gap-3 py-3" data-testid="order-line">
              {/* A long name (words joined by ZWNJ break nowhere else) wraps within the line, never past the page's side. */}
              <span className="min-w-0 [overflow-wrap:anywhere]">
                <a href={`/p/${line.productSlug}/`} className="font-bold">
                  {line.productName}
                </a>
                {line.attributes.length > 0 && (
                  <span className="block text-sm text-[var(--c-muted)]">
                    {line.attributes.map((x) => `${x.name}: ${x.value}`).join("، ")}
                  </span>
                )}
                <span className="block text-sm text-[var(--c-muted)]">
                  {toPersianDigits(line.quantity)} × {formatToman(line.unitPrice)}
                </span>
              </span>
              <span className="whitespace-nowrap font-bold">{formatToman(line.lineTotal)}</span>
            </li>
          ))}
        </ul>
        <dl className="mt-3 space-y-1 border-t border-[var(--c-line)] pt-3 text-sm">
          <div className="flex justify-between gap-3">
            <dt className="min-w-0 [overflow-wrap:anywhere]">جمع کالاها</dt>
            <dd className="whitespace-nowrap">{formatToman(order.subtotal)}</dd>
          </div>
          <div className="flex justify-between gap-3">
            <dt className="min-w-0 [overflow-wrap:anywhere]">هزینهٔ ارسال ({order.shippingName})</dt>
            <dd className="whitespace-nowrap">{order.shippingTotal === 0 ? "رایگان" : formatToman(order.shippingTotal)}</dd>
          </div>
          {(order.discounts ?? [])
            .filter((d) => d.amount > 0)
            .map((d) => (
              <div key={`${d.code ?? ""}:${d.title}`} className="flex justify-between gap-3" data-testid="order-discount">
                <dt className="min-w-0 [overflow-wrap:anywhere]">تخفیف: {d.title}</dt>
                <dd className="whitespace-nowrap">{`\u200f−${formatToman(d.amount)}`}</dd>
              </div>
            ))}
          <div className="flex justify-between gap-3 text-base font-black">
            <dt className="min-w-0">مبلغ کل</dt>
            <dd className="whitespace-nowrap" data-testid="order-total">
              {formatToman(order.total)}
            </dd>
          </div>
        </dl>
      </section>

      <section className={card} aria-labelledby="address">
        <h2 id="address" className="mb-3 font-black">
          نشانی تحویل
        </h2>
        <p className="text-sm leading-7 [overflow-wrap:anywhere]">
          {a.receiverName} · <span dir="ltr">{localPhone(a.mobile)}</span>
          <br />
          استان {a.provinceName}، {a.cityName}، {a.line}
          <br />
          کد پستی {toPersianDigits(a.postalCode)}
        </p>
      </section>

      <section className={`${card} print:hidden`} aria-labelledby="history">
        <h2 id="history" className="mb-3 font-black">
          سابقهٔ سفارش
        </h2>
        <ol className="space-y-2 text-sm [overflow-wrap:anywhere]" data-testid="order-history">
          {order.history.map((h, index) => (
            <li key={index} className="flex flex-wrap gap-x-3">
              <span className="text-[var(--c-muted)]">{h.atJalali}</span>
              <strong>{h.toLabel}</strong>
              {h.reason && <span>({h.reason})</span>}
              {h.trackingCode && <span dir="ltr">{h.trackingCode}</span>}
            </li>
          ))}
        </ol>
      </section>
      <p className="text-sm print:hidden">
        <a href="/account/" className="underline">
          همهٔ سفارش‌های من
        </a>
      </p>
    </div>
  );
}
