/**
 * @mall/locale: Persian and Iran facts, shared by the server, the back
 * office, the bot and the store sites (bundled into their islands, so
 * nothing here may use Node).
 */
export { formatNumber, toLatinDigits, toPersianDigits } from "./digits.ts";
export { escapeHtml } from "./html.ts";
export { formatToman, parseTomans, rialsToTomans, tomansToRials } from "./money.ts";
export {
  endOfJalaliDay,
  formatJalaliDate,
  formatJalaliDateTime,
  jalaliDayOf,
  parseJalaliDate,
  parseJalaliDateTime,
  startOfJalaliDay,
  TEHRAN,
  type JalaliDay,
} from "./jalali.ts";
export { cityInProvince, findCity, findProvince, PROVINCES, type City, type Province } from "./provinces.ts";
export { normalisePostalCode, POSTAL_CODE_PATTERN, postalCodeProblem } from "./postal-code.ts";
export { displayPhone, NORMALISED_PHONE, normalisePhone } from "./phone.ts";
export { normalizePersian, searchKey, searchText, searchTokens } from "./search-text.ts";
export {
  GATEWAY_LABELS,
  GATEWAYS,
  INSTAGRAM_LOGIN_MESSAGES,
  INSTAGRAM_LOGIN_RESULTS,
  ORDER_STATE_LABELS,
  ORDER_STATES,
  SHIPPING_KIND_LABELS,
  SHIPPING_KINDS,
  tooManyRequestsMessage,
  type GatewayName,
  type InstagramLoginResult,
  type OrderState,
  type ShippingKind,
} from "./vocabulary.ts";
