import { randomBytes, randomInt } from "node:crypto";
import { FakeHttpServer, type FakeAnswer, type RecordedRequest } from "./http-fake.js";

/**
 * A local Behpardakht Mellat (PROTOCOLS.md §2): the WSDL at
 * /pgwchannel/services/pgw?wsdl (document/literal, namespace
 * http://interfaces.core.sw.bps.com/, unqualified children, one `<return>`
 * string per answer) and the SOAP endpoint beside it answering bpPayRequest
 * ("0,{RefId}" or a ResCode), bpVerifyRequest (0, then 43), bpSettleRequest
 * (0, then 45), bpInquiryRequest and bpReversalRequest (0, then 48).
 * The "shopper" acts through pay()/cancel(), which answer the form fields
 * the bank POSTs to the callback; failNext({status}) answers the next call
 * with that ResCode, failOn(operation, code) the next call of one
 * operation, and delayNext() holds answers past the client's timeout.
 */
export type MellatSaleStatus = "pending" | "paid" | "cancelled" | "verified" | "settled" | "reversed";

export interface MellatSale {
  terminalId: string;
  orderId: string;
  amount: number;
  paidAmount: number;
  callbackUrl: string;
  status: MellatSaleStatus;
  saleReferenceId: string | null;
}

const NS = "http://interfaces.core.sw.bps.com/";
export const MELLAT_CREDENTIALS = { terminalId: "1234567", userName: "mall", userPassword: "mellat-secret" };
const PAY_FIELDS = [
  "terminalId",
  "userName",
  "userPassword",
  "orderId",
  "amount",
  "localDate",
  "localTime",
  "additionalData",
  "callBackUrl",
  "payerId",
];
const SALE_FIELDS = ["terminalId", "userName", "userPassword", "orderId", "saleOrderId", "saleReferenceId"];
const OPERATIONS: Record<string, string[]> = {
  bpPayRequest: PAY_FIELDS,
  bpVerifyRequest: SALE_FIELDS,
  bpSettleRequest: SALE_FIELDS,
  bpInquiryRequest: SALE_FIELDS,
  bpReversalRequest: SALE_FIELDS,
};
const LONGS = new Set(["terminalId", "orderId", "amount", "saleOrderId", "saleReferenceId", "payerId"]);

function wsdl(location: string): string {
  const types = Object.entries(OPERATIONS)
    .map(
      ([op, fields]) =>
        `<xsd:element name="${op}" type="tns:${op}"/><xsd:complexType name="${op}"><xsd:sequence>${fields.map((f) => `<xsd:element name="${f}" type="xsd:${LONGS.has(f) ? "long" : "string"}" minOccurs="0"/>`).join("")}</xsd:sequence></xsd:complexType>` +
        `<xsd:element name="${op}Response" type="tns:${op}Response"/><xsd:complexType name="${op}Response"><xsd:sequence><xsd:element name="return" type="xsd:string" minOccurs="0"/></xsd:sequence></xsd:complexType>`,
    )
    .join("");
  const ops = Object.keys(OPERATIONS);
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${NS}" targetNamespace="${NS}" name="PaymentGatewayImplService">
<types><xsd:schema targetNamespace="${NS}" elementFormDefault="unqualified">${types}</xsd:schema></types>
${ops.map((op) => `<message name="${op}"><part name="parameters" element="tns:${op}"/></message><message name="${op}Response"><part name="parameters" element="tns:${op}Response"/></message>`).join("\n")}
<portType name="IPaymentGateway">${ops.map((op) => `<operation name="${op}"><input message="tns:${op}"/><output message="tns:${op}Response"/></operation>`).join("")}</portType>
<binding name="PaymentGatewayImplPortBinding" type="tns:IPaymentGateway"><soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>${ops
    .map(
      (op) =>
        `<operation name="${op}"><soap:operation soapAction=""/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>`,
    )
    .join("")}</binding>
<service name="PaymentGatewayImplService"><port name="PaymentGatewayImplPort" binding="tns:PaymentGatewayImplPortBinding"><soap:address location="${location}"/></port></service>
</definitions>`;
}

function envelope(op: string, value: string): FakeAnswer {
  return {
    status: 200,
    headers: { "Content-Type": "text/xml; charset=utf-8" },
    html: `<?xml version="1.0" ?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:${op}Response xmlns:ns2="${NS}"><return>${value}</return></ns2:${op}Response></S:Body></S:Envelope>`,
  };
}

/** One SOAP call the fake received: the operation and its (unqualified) fields. */
export interface MellatCall {
  operation: string;
  fields: Record<string, string>;
}

export function readEnvelope(raw: string): MellatCall | null {
  const op = /<(?:[\w-]+:)?(bp\w+Request)\b[^>]*>/.exec(raw);
  if (!op) return null;
  const fields: Record<string, string> = {};
  for (const m of raw.matchAll(/<(?:[\w-]+:)?(\w+)(?:\s[^>]*)?>([^<]*)<\/(?:[\w-]+:)?\1>/g)) fields[m[1]!] = m[2]!;
  return { operation: op[1]!, fields };
}

export class MellatServer extends FakeHttpServer {
  /** Sales by RefId. */
  readonly sales = new Map<string, MellatSale>();

  /** The SOAP calls received, in order (after the WSDL fetches). */
  get calls(): MellatCall[] {
    return this.requests.filter((r) => r.method === "POST").flatMap((r) => readEnvelope(r.rawBody) ?? []);
  }

  callsOf(operation: string): MellatCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  private readonly staged = new Map<string, string>();

  /** Answers the next call of this operation with this ResCode (without doing its work). */
  failOn(operation: string, resCode: string): void {
    this.staged.set(operation, resCode);
  }

  override reset(): void {
    super.reset();
    this.staged.clear();
  }

  /** The shopper pays on startpay.mellat (optionally another amount): the fields the bank posts to the callback. */
  pay(refId: string, options: { amount?: number } = {}): Record<string, string> {
    const sale = this.sales.get(refId)!;
    sale.status = "paid";
    sale.paidAmount = options.amount ?? sale.amount;
    sale.saleReferenceId = String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100, 999));
    return {
      RefId: refId,
      ResCode: "0",
      SaleOrderId: sale.orderId,
      SaleReferenceId: sale.saleReferenceId,
      CardHolderInfo: "",
      CardHolderPan: "610433******1234",
      FinalAmount: String(sale.paidAmount),
    };
  }

  /** The shopper cancels (ResCode 17) or the bank declines with another code. */
  cancel(refId: string, resCode = "17"): Record<string, string> {
    const sale = this.sales.get(refId)!;
    sale.status = "cancelled";
    return { RefId: refId, ResCode: resCode, SaleOrderId: sale.orderId, SaleReferenceId: "" };
  }

  protected handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): FakeAnswer {
    const path = request.path.split("?")[0];
    if (path !== "/pgwchannel/services/pgw") return { status: 404, html: "<h1>404</h1>" };
    if (request.method === "GET")
      return { status: 200, headers: { "Content-Type": "text/xml; charset=utf-8" }, html: wsdl(`${this.url}/pgwchannel/services/pgw`) };
    const call = readEnvelope(request.rawBody);
    if (!call || !OPERATIONS[call.operation]) return { status: 500, headers: { "Content-Type": "text/xml" }, html: "<fault/>" };
    const { operation, fields: f } = call;
    const answer = (value: string) => envelope(operation, value);
    if (failure) return answer(String(failure.status));
    const staged = this.staged.get(operation);
    if (staged !== undefined) {
      this.staged.delete(operation);
      return answer(staged);
    }
    if (f.terminalId !== MELLAT_CREDENTIALS.terminalId) return answer("21");
    if (f.userName !== MELLAT_CREDENTIALS.userName || f.userPassword !== MELLAT_CREDENTIALS.userPassword) return answer("24");

    if (operation === "bpPayRequest") {
      const amount = Number(f.amount);
      if (!/^\d+$/.test(f.orderId ?? "") || !/^\d{8}$/.test(f.localDate ?? "") || !/^\d{6}$/.test(f.localTime ?? "")) return answer("32");
      if (!Number.isInteger(amount) || amount < 1000) return answer("25");
      if (!/^https?:\/\//.test(f.callBackUrl ?? "")) return answer("32");
      if ([...this.sales.values()].some((s) => s.orderId === f.orderId)) return answer("41");
      const refId = randomBytes(10).toString("hex").toUpperCase();
      this.sales.set(refId, {
        terminalId: f.terminalId!,
        orderId: f.orderId!,
        amount,
        paidAmount: 0,
        callbackUrl: f.callBackUrl!,
        status: "pending",
        saleReferenceId: null,
      });
      return answer(`0,${refId}`);
    }

    const sale = [...this.sales.values()].find(
      (s) => s.orderId === f.saleOrderId && s.saleReferenceId !== null && s.saleReferenceId === f.saleReferenceId,
    );
    if (!sale) return answer(operation === "bpSettleRequest" ? "47" : "42");
    switch (operation) {
      case "bpVerifyRequest":
        if (sale.status === "paid") {
          sale.status = "verified";
          return answer("0");
        }
        return answer(sale.status === "reversed" ? "48" : "43");
      case "bpSettleRequest":
        if (sale.status === "verified") {
          sale.status = "settled";
          return answer("0");
        }
        return answer(sale.status === "settled" ? "45" : sale.status === "reversed" ? "48" : "44");
      case "bpInquiryRequest":
        return answer(sale.status === "reversed" ? "48" : "0");
      default:
        if (sale.status === "paid" || sale.status === "verified") {
          sale.status = "reversed";
          return answer("0");
        }
        return answer(sale.status === "reversed" ? "48" : "46");
    }
  }
}
