import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ComponentLoader } from "adminjs";

const folder = join(dirname(fileURLToPath(import.meta.url)), "components");

/**
 * Every custom React component of the back office, registered once. AdminJS
 * bundles them at start-up (bundle.ts); the names are what resource options
 * refer to.
 */
export const componentLoader = new ComponentLoader();

const add = (name: string, file: string) => componentLoader.add(name, join(folder, file));

export const Components = {
  Login: componentLoader.override("Login", join(folder, "login")),
  Dashboard: add("Dashboard", "dashboard"),
  TomanValue: add("TomanValue", "toman-value"),
  TomanInput: add("TomanInput", "toman-input"),
  JalaliDate: add("JalaliDate", "jalali-date"),
  PersianNumber: add("PersianNumber", "persian-number"),
  PersianNumberInput: add("PersianNumberInput", "persian-number-input"),
  CategoryName: add("CategoryName", "category-name"),
  ApplicableAttributes: add("ApplicableAttributes", "applicable-attributes"),
  MoveCategory: add("MoveCategory", "move-category"),
  GenerateInstances: add("GenerateInstances", "generate-instances"),
  ProductMedia: add("ProductMedia", "product-media"),
  ProductGallery: add("ProductGallery", "product-gallery"),
  ProductInstances: add("ProductInstances", "product-instances"),
  BulkStock: add("BulkStock", "bulk-stock"),
  StoreLogo: add("StoreLogo", "store-logo"),
  StoreLogoInput: add("StoreLogoInput", "store-logo-input"),
  StoreBanners: add("StoreBanners", "store-banners"),
  ThemeChoice: add("ThemeChoice", "theme-choice"),
  ValueList: add("ValueList", "value-list"),
  AttributeValuesInput: add("AttributeValuesInput", "attribute-values-input"),
  ConfirmAction: add("ConfirmAction", "confirm-action"),
  ActiveCheckbox: add("ActiveCheckbox", "active-checkbox"),
  OrderState: add("OrderState", "order-state"),
  OrderNumber: add("OrderNumber", "order-number"),
  PhoneNumber: add("PhoneNumber", "phone-number"),
  OrderDetail: add("OrderDetail", "order-detail"),
  OrderTransition: add("OrderTransition", "order-transition"),
  OrderInvoice: add("OrderInvoice", "order-invoice"),
  OrderRefund: add("OrderRefund", "order-refund"),
  GatewayName: add("GatewayName", "gateway-name"),
  GatewayCredentials: add("GatewayCredentials", "gateway-credentials"),
  JalaliRangeFilter: add("JalaliRangeFilter", "jalali-range-filter"),
  ProductCsv: add("ProductCsv", "product-csv"),
  StoreDomain: add("StoreDomain", "store-domain"),
  LtrText: add("LtrText", "ltr-text"),
  RejectRequest: add("RejectRequest", "reject-request"),
  StoreTelegram: add("StoreTelegram", "store-telegram"),
  StoreInstagram: add("StoreInstagram", "store-instagram"),
  ProvincePicker: add("ProvincePicker", "province-picker"),
  ProvincePrices: add("ProvincePrices", "province-prices"),
  StoreChoice: add("StoreChoice", "store-choice"),
  CodeValue: add("CodeValue", "code-value"),
} as const;
