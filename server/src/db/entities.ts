import { AuditEntry } from "../audit/audit-entry.entity.js";
import {
  ProductDailyViews,
  StoreDailyBuyer,
  StoreDailyProductSales,
  StoreDailySales,
  StoreFirstPurchase,
} from "../analytics/daily-stats.entity.js";
import { AttributeValue, ProductAttribute } from "../catalog/attribute.entity.js";
import { Category } from "../catalog/category.entity.js";
import { Discount, OrderDiscount } from "../discounts/discount.entity.js";
import { ProductAttributeValue } from "../catalog/product-attribute-value.entity.js";
import { ProductInstance, ProductInstanceAttribute } from "../catalog/product-instance.entity.js";
import { Product } from "../catalog/product.entity.js";
import { SlugRedirect } from "../catalog/slug-redirect.entity.js";
import { OtpCode } from "../identity/otp-code.entity.js";
import { RefreshToken } from "../identity/refresh-token.entity.js";
import { StoreCustomer } from "../identity/store-customer.entity.js";
import { User } from "../identity/user.entity.js";
import { OutboxEvent } from "../jobs/outbox.entity.js";
import { ProductReview } from "../reviews/review.entity.js";
import { RestockRequest } from "../retention/restock-request.entity.js";
import { WishlistItem } from "../retention/wishlist-item.entity.js";
import { SavedCartItem } from "../orders/saved-cart-item.entity.js";
import { SiteBuild } from "../sites/site-build.entity.js";
import { Media, MediaInfection } from "../media/media.entity.js";
import { SmsMessage } from "../messaging/sms-message.entity.js";
import { CustomerAddress } from "../orders/customer-address.entity.js";
import { Order, OrderHistory, OrderIdempotencyKey, OrderLine, StoreOrderCounter } from "../orders/order.entity.js";
import { ShippingMethod } from "../orders/shipping-method.entity.js";
import { Payment, PaymentExchange, StorePaymentGateway } from "../payments/payment.entity.js";
import { OrderRefund } from "../payments/refund.entity.js";
import { InstagramAccount, InstagramPost } from "../social/instagram.entity.js";
import { AcmeAccount, AcmeChallenge, SslCertificate } from "../ssl/ssl.entity.js";
import { TelegramChannel } from "../social/telegram-channel.entity.js";
import { TelegramChannelClaim, TelegramChannelOwner } from "../social/telegram-channel-claim.entity.js";
import { TelegramFollowerChat } from "../social/telegram-follower-chat.entity.js";
import { TelegramPost } from "../social/telegram-post.entity.js";
import { StoreMember } from "../tenancy/store-member.entity.js";
import { StoreRequest } from "../tenancy/store-request.entity.js";
import { StorePage } from "../tenancy/store-page.entity.js";
import { Store } from "../tenancy/store.entity.js";
import { Tenant } from "../tenancy/tenant.entity.js";

/** Every entity, listed once; the data source and the tests use this list. */
export const entities = [
  Tenant,
  User,
  Store,
  StoreMember,
  Product,
  OutboxEvent,
  Category,
  ProductAttribute,
  AttributeValue,
  ProductAttributeValue,
  ProductInstance,
  ProductInstanceAttribute,
  OtpCode,
  RefreshToken,
  StoreCustomer,
  SmsMessage,
  Media,
  MediaInfection,
  SiteBuild,
  TelegramChannel,
  TelegramChannelClaim,
  TelegramChannelOwner,
  TelegramPost,
  TelegramFollowerChat,
  InstagramAccount,
  InstagramPost,
  ShippingMethod,
  CustomerAddress,
  Order,
  OrderLine,
  OrderHistory,
  OrderIdempotencyKey,
  StoreOrderCounter,
  StoreRequest,
  Payment,
  PaymentExchange,
  StorePaymentGateway,
  OrderRefund,
  AuditEntry,
  SslCertificate,
  AcmeChallenge,
  AcmeAccount,
  StoreDailySales,
  StoreDailyProductSales,
  ProductDailyViews,
  StoreDailyBuyer,
  StoreFirstPurchase,
  Discount,
  OrderDiscount,
  StorePage,
  SlugRedirect,
  ProductReview,
  RestockRequest,
  WishlistItem,
  SavedCartItem,
];
