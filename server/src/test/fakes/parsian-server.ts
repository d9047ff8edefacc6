import { randomInt } from "node:crypto";
import { FakeHttpServer, type FakeAnswer, type RecordedRequest } from "./http-fake.js";
import { escapeHtml } from "@mall/locale";

/**
 * A local Parsian PEC "NewIPG" (PROTOCOLS.md §4): three ASMX services, each
 * serving its WSDL at `?wsdl` (document/literal, qualified elements, the
 * bank's namespaces with the capital S of pec.Shaparak.ir, the reversal under
 * the `Reverse` folder with a `Reversal` namespace) and answering SOAP 1.1
 * or 1.2 envelopes whose fields sit in `requestData`:
 *   SalePaymentRequest → SalePaymentRequestResult {Token, Message, Status}:
 *     0; -126 unknown LoginAccount; -112 duplicate OrderId; -132 amount below
 *     the minimum; -127 bad URL;
 *   ConfirmPayment → ConfirmPaymentResult {Status, RRN, CardNumberMasked,
 *     Token}: 0 once, -1533 when confirmed before, -1531 for a sale that was
 *     not paid (or reversed), -1528 for an unknown token;
 *   ReversalRequest → ReversalRequestResult {Status, Message, Token}: 0,
 *     -1551 when reversed before, -1550 for a sale that can't be reversed.
 * The payment page is GET /NewIPG/?Token=; the bank then POSTs Token, status
 * (0 paid, -138 cancelled), OrderId, TerminalNo, RRN, Amount and
 * HashCardNumber to CallBackUrl. The "shopper" acts through pay()/cancel()
 * or in a browser; failNext({status}) answers the next call with that Status
 * (without doing its work), failOn(operation, status) the next call of one
 * operation, delayNext() holds answers past the client's timeout.
 */
export type ParsianSaleStatus = "pending" | "paid" | "cancelled" | "confirmed" | "reversed";

export interface ParsianSale {
  orderId: string;
  amount: number;
  paidAmount: number;
  callbackUrl: string;
  status: ParsianSaleStatus;
  rrn: string | null;
}

export const PARSIAN_CREDENTIALS = { loginAccount: "PEC-PIN-4TmWq8" };
export const PARSIAN_TERMINAL = "44481453";
const CARD = "603770******4312";

interface ServiceSpec {
  path: string;
  ns: string;
  service: string;
  operation: string;
  requestType: string;
  requestFields: Array<[string, string]>;
  result: string;
  resultType: string;
  resultFields: Array<[string, string]>;
}

const NS = "https://pec.Shaparak.ir/NewIPGServices";
const SPECS: ServiceSpec[] = [
  {
    path: "/newipgservices/sale/saleservice.asmx",
    ns: `${NS}/Sale/SaleService`,
    service: "SaleService",
    operation: "SalePaymentRequest",
    requestType: "ClientSaleRequestData",
    requestFields: [
      ["LoginAccount", "string"],
      ["Amount", "long"],
      ["OrderId", "long"],
      ["CallBackUrl", "string"],
      ["AdditionalData", "string"],
      ["Originator", "string"],
    ],
    result: "SalePaymentRequestResult",
    resultType: "ClientSaleResponseData",
    resultFields: [
      ["Token", "long"],
      ["Message", "string"],
      ["Status", "short"],
    ],
  },
  {
    path: "/newipgservices/confirm/confirmservice.asmx",
    ns: `${NS}/Confirm/ConfirmService`,
    service: "ConfirmService",
    operation: "ConfirmPayment",
    requestType: "ClientConfirmRequestData",
    requestFields: [
      ["LoginAccount", "string"],
      ["Token", "long"],
    ],
    result: "ConfirmPaymentResult",
    resultType: "ClientConfirmResponseData",
    resultFields: [
      ["Status", "short"],
      ["RRN", "long"],
      ["CardNumberMasked", "string"],
      ["Token", "long"],
    ],
  },
  {
    path: "/newipgservices/reverse/reversalservice.asmx",
    ns: `${NS}/Reversal/ReversalService`,
    service: "ReversalService",
    operation: "ReversalRequest",
    requestType: "ClientReversalRequestData",
    requestFields: [
      ["LoginAccount", "string"],
      ["Token", "long"],
    ],
    result: "ReversalRequestResult",
    resultType: "ClientReversalResponseData",
    resultFields: [
      ["Status", "short"],
      ["Message", "string"],
      ["Token", "long"],
    ],
  },
];

/** The service's WSDL as an ASMX service publishes it (SOAP 1.1 binding). */
function wsdl(spec: ServiceSpec, location: string): string {
  const el = (fields: Array<[string, string]>) =>
    fields
      .map(([name, type]) => `<s:element minOccurs="${type === "string" ? 0 : 1}" maxOccurs="1" name="${name}" type="s:${type}"/>`)
      .join("");
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="${spec.ns}" targetNamespace="${spec.ns}">
<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="${spec.ns}">
<s:element name="${spec.operation}"><s:complexType><s:sequence><s:element minOccurs="0" maxOccurs="1" name="requestData" type="tns:${spec.requestType}"/></s:sequence></s:complexType></s:element>
<s:complexType name="${spec.requestType}"><s:sequence>${el(spec.requestFields)}</s:sequence></s:complexType>
<s:element name="${spec.operation}Response"><s:complexType><s:sequence><s:element minOccurs="0" maxOccurs="1" name="${spec.result}" type="tns:${spec.resultType}"/></s:sequence></s:complexType></s:element>
<s:complexType name="${spec.resultType}"><s:sequence>${el(spec.resultFields)}</s:sequence></s:complexType>
</s:schema></wsdl:types>
<wsdl:message name="${spec.operation}SoapIn"><wsdl:part name="parameters" element="tns:${spec.operation}"/></wsdl:message>
<wsdl:message name="${spec.operation}SoapOut"><wsdl:part name="parameters" element="tns:${spec.operation}Response"/></wsdl:message>
<wsdl:portType name="${spec.service}Soap"><wsdl:operation name="${spec.operation}"><wsdl:input message="tns:${spec.operation}SoapIn"/><wsdl:output message="tns:${spec.operation}SoapOut"/></wsdl:operation></wsdl:portType>
<wsdl:binding name="${spec.service}Soap" type="tns:${spec.service}Soap"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="${spec.operation}"><soap:operation soapAction="${spec.ns}/${spec.operation}" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
<wsdl:service name="${spec.service}"><wsdl:port name="${spec.service}Soap" binding="tns:${spec.service}Soap"><soap:address location="${location}"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;
}

function envelope(spec: ServiceSpec, soap12: boolean, values: Record<string, string | number>): FakeAnswer {
  const envNs = soap12 ? "http://www.w3.org/2003/05/soap-envelope" : "http://schemas.xmlsoap.org/soap/envelope/";
  const inner = spec.resultFields
    .map(([name]) => `<${name}>${values[name] ?? (name === "Message" || name === "CardNumberMasked" ? "" : 0)}</${name}>`)
    .join("");
  return {
    status: 200,
    headers: { "Content-Type": `${soap12 ? "application/soap+xml" : "text/xml"}; charset=utf-8` },
    html: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${envNs}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><${spec.operation}Response xmlns="${spec.ns}"><${spec.result}>${inner}</${spec.result}></${spec.operation}Response></soap:Body></soap:Envelope>`,
  };
}

/** One SOAP call the fake received: the operation and its requestData fields. */
export interface ParsianCall {
  operation: string;
  fields: Record<string, string>;
}

function readEnvelope(raw: string): ParsianCall | null {
  const op = /<(?:[\w-]+:)?(SalePaymentRequest|ConfirmPayment|ReversalRequest)\b[^>]*>/.exec(raw);
  if (!op || !/<(?:[\w-]+:)?requestData\b/.test(raw)) return null;
  const fields: Record<string, string> = {};
  for (const m of raw.matchAll(/<(?:[\w-]+:)?(\w+)(?:\s[^>]*)?>([^<]*)<\/(?:[\w-]+:)?\1>/g)) fields[m[1]!] = m[2]!;
  return { operation: op[1]!, fields };
}

function page(status: number, body: string): FakeAnswer {
  return {
    status,
    html: `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>درگاه پرداخت پارسیان (آزمایشی)</title></head><body>${body}</body></html>`,
  };
}

export class ParsianServer extends FakeHttpServer {
  /** Sales by token. */
  readonly sales = new Map<string, ParsianSale>();
  private readonly staged = new Map<string, number>();

  get calls(): ParsianCall[] {
    return this.requests.filter((r) => r.method === "POST").flatMap((r) => readEnvelope(r.rawBody) ?? []);
  }

  callsOf(operation: "SalePaymentRequest" | "ConfirmPayment" | "ReversalRequest"): ParsianCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  /** Answers the next call of this operation with this Status (without doing its work). */
  failOn(operation: string, status: number): void {
    this.staged.set(operation, status);
  }

  override reset(): void {
    super.reset();
    this.staged.clear();
  }

  /** The shopper pays on the NewIPG page (optionally another amount): the fields the bank POSTs to CallBackUrl. */
  pay(token: string, options: { amount?: number } = {}): Record<string, string> {
    const sale = this.sales.get(token)!;
    sale.status = "paid";
    sale.paidAmount = options.amount ?? sale.amount;
    sale.rrn = String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));
    return this.callbackFields(token, "0");
  }

  /** The shopper cancels (-138) or the bank declines with another status (51 insufficient funds…). */
  cancel(token: string, status = "-138"): Record<string, string> {
    this.sales.get(token)!.status = "cancelled";
    return this.callbackFields(token, status);
  }

  private callbackFields(token: string, status: string): Record<string, string> {
    const sale = this.sales.get(token)!;
    const paid = status === "0";
    return {
      Token: token,
      status,
      OrderId: sale.orderId,
      TerminalNo: PARSIAN_TERMINAL,
      RRN: paid ? sale.rrn! : "0",
      Amount: String(paid ? sale.paidAmount : sale.amount),
      HashCardNumber: paid ? "B".repeat(64) : "",
    };
  }

  /** The NewIPG page and its buttons: the result goes back by an auto-submitted form POST. */
  private browser(request: RecordedRequest, path: string): FakeAnswer | null {
    const url = new URL(request.path, "http://fake");
    if (request.method === "GET" && (path === "/newipg/" || path === "/newipg")) {
      const token = url.searchParams.get("Token") ?? url.searchParams.get("token") ?? "";
      const sale = this.sales.get(token);
      if (!sale) return page(404, "<h1>توکن نامعتبر است (-131)</h1>");
      const button = (choice: string, label: string) =>
        `<form method="post" action="/NewIPG/Choose"><input type="hidden" name="Token" value="${escapeHtml(token)}"><input type="hidden" name="choice" value="${choice}"><button data-testid="parsian-${choice}">${label}</button></form>`;
      return page(
        200,
        `<h1>درگاه پرداخت پارسیان</h1><p data-testid="parsian-amount">${sale.amount}</p>${button("pay", "پرداخت")}${button("cancel", "انصراف")}`,
      );
    }
    if (request.method === "POST" && path === "/newipg/choose") {
      const form = (request.body ?? {}) as Record<string, string>;
      const token = form.Token ?? "";
      const sale = this.sales.get(token);
      if (!sale) return page(404, "<h1>توکن نامعتبر است</h1>");
      const fields =
        sale.status === "pending"
          ? form.choice === "pay"
            ? this.pay(token)
            : this.cancel(token)
          : this.callbackFields(token, sale.status === "cancelled" ? "-138" : "0");
      const inputs = Object.entries(fields)
        .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
        .join("");
      return page(
        200,
        `<form id="back" method="post" action="${escapeHtml(sale.callbackUrl)}">${inputs}<noscript><button>بازگشت به فروشگاه</button></noscript></form><script>document.getElementById("back").submit()</script>`,
      );
    }
    return null;
  }

  protected handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): FakeAnswer {
    const path = request.path.split("?")[0]!.toLowerCase();
    const browser = this.browser(request, path);
    if (browser) return browser;
    const spec = SPECS.find((s) => s.path === path);
    if (!spec) return page(404, "<h1>404</h1>");
    if (request.method === "GET")
      return {
        status: 200,
        headers: { "Content-Type": "text/xml; charset=utf-8" },
        html: wsdl(spec, `${this.url}${request.path.split("?")[0]}`),
      };
    const soap12 = String(request.headers["content-type"] ?? "").startsWith("application/soap+xml");
    const call = readEnvelope(request.rawBody);
    // ASMX routes by SOAPAction (1.1) and reads the operation only in its own namespace (capital S included).
    const action = String(request.headers.soapaction ?? "").replace(/"/g, "");
    const wrongAction = !soap12 && action !== `${spec.ns}/${spec.operation}`;
    if (!call || call.operation !== spec.operation || wrongAction || !request.rawBody.includes(`"${spec.ns}"`))
      return {
        status: 500,
        headers: { "Content-Type": "text/xml" },
        html: "<soap:Fault>Server did not recognize the value of HTTP Header SOAPAction</soap:Fault>",
      };
    const f = call.fields;
    const answer = (values: Record<string, string | number>) => envelope(spec, soap12, values);
    if (failure) return answer({ Status: failure.status, Message: failure.message ?? "staged failure", Token: f.Token ?? 0 });
    const staged = this.staged.get(spec.operation);
    if (staged !== undefined) {
      this.staged.delete(spec.operation);
      return answer({ Status: staged, Message: "staged failure", Token: f.Token ?? 0 });
    }
    if (f.LoginAccount !== PARSIAN_CREDENTIALS.loginAccount) return answer({ Status: -126, Message: "Invalid merchant id" });

    if (spec.operation === "SalePaymentRequest") {
      const amount = Number(f.Amount);
      if (!/^\d+$/.test(f.OrderId ?? "") || !/^\d+$/.test(f.Amount ?? "")) return answer({ Status: -121, Message: "Input is not numeric" });
      if (amount < 1000) return answer({ Status: -132, Message: "Amount is below the minimum" });
      if (!/^https?:\/\//.test(f.CallBackUrl ?? "")) return answer({ Status: -127, Message: "Invalid URL" });
      if ([...this.sales.values()].some((s) => s.orderId === f.OrderId)) return answer({ Status: -112, Message: "Duplicate OrderId" });
      const token = String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));
      this.sales.set(token, { orderId: f.OrderId!, amount, paidAmount: 0, callbackUrl: f.CallBackUrl!, status: "pending", rrn: null });
      return answer({ Token: token, Status: 0, Message: "" });
    }

    const sale = this.sales.get(f.Token ?? "");
    if (!sale) return answer({ Status: spec.operation === "ConfirmPayment" ? -1528 : -131, Message: "Payment info not found" });
    if (spec.operation === "ConfirmPayment") {
      if (sale.status === "paid") {
        sale.status = "confirmed";
        return answer({ Status: 0, RRN: sale.rrn!, CardNumberMasked: CARD, Token: f.Token! });
      }
      if (sale.status === "confirmed") return answer({ Status: -1533, Token: f.Token! });
      return answer({ Status: -1531, Token: f.Token! });
    }
    if (sale.status === "paid" || sale.status === "confirmed") {
      sale.status = "reversed";
      return answer({ Status: 0, Message: "Reversed", Token: f.Token! });
    }
    return answer({ Status: sale.status === "reversed" ? -1551 : -1550, Message: "Not reversible", Token: f.Token! });
  }
}
