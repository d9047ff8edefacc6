import { AuditEntry } from "../audit/audit-entry.entity.js";
import { AttributeValue, ProductAttribute } from "../catalog/attribute.entity.js";
import { Category } from "../catalog/category.entity.js";
import { ProductAttributeValue } from "../catalog/product-attribute-value.entity.js";
import { ProductInstance, ProductInstanceAttribute } from "../catalog/product-instance.entity.js";
import { Product } from "../catalog/product.entity.js";
import { OtpCode } from "../identity/otp-code.entity.js";
import { RefreshToken } from "../identity/refresh-token.entity.js";
import { StoreCustomer } from "../identity/store-customer.entity.js";
import { User } from "../identity/user.entity.js";
import { OutboxEvent } from "../jobs/outbox.entity.js";
import { SiteBuild } from "../sites/site-build.entity.js";
import { Media, MediaInfection } from "../media/media.entity.js";
import { SmsMessage } from "../messaging/sms-message.entity.js";
import { CustomerAddress } from "../orders/customer-address.entity.js";
import { Order, OrderHistory, OrderIdempotencyKey, OrderLine, StoreOrderCounter } from "../orders/order.entity.js";
import { ShippingMethod } from "../orders/shipping-method.entity.js";
import { Payment, PaymentExchange, StorePaymentGateway } from "../payments/payment.entity.js";
import { InstagramAccount, InstagramPost } from "../social/instagram.entity.js";
import { TelegramChannel } from "../social/telegram-channel.entity.js";
import { TelegramFollowerChat } from "../social/telegram-follower-chat.entity.js";
import { TelegramPost } from "../social/telegram-post.entity.js";
import { StoreMember } from "../tenancy/store-member.entity.js";
import { StoreRequest } from "../tenancy/store-request.entity.js";
import { Store } from "../tenancy/store.entity.js";
import { Tenant } from "../tenancy/tenant.entity.js";

/** Every entity, listed once; the data source and the tests use this list. */
export const entities = [Tenant, User, Store, StoreMember, Product, OutboxEvent, Category, ProductAttribute, AttributeValue, ProductAttributeValue, ProductInstance, ProductInstanceAttribute, OtpCode, RefreshToken, StoreCustomer, SmsMessage, Media, MediaInfection, SiteBuild, TelegramChannel, TelegramPost, TelegramFollowerChat, InstagramAccount, InstagramPost, ShippingMethod, CustomerAddress, Order, OrderLine, OrderHistory, OrderIdempotencyKey, StoreOrderCounter, StoreRequest, Payment, PaymentExchange, StorePaymentGateway, AuditEntry];
