// The shapes the services answer with, written from their C# contracts and checked against their
// OpenAPI documents by Bychefiza.Tests/EndToEnd/OpenApiContractTests (every property named here exists there).

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

export interface Me {
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  emailVerified: boolean;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  totalCount: number;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  categoryId: number;
  price: number;
  salePrice: number | null;
  currency: string;
  stock: number;
  imageUrl: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CartLineView {
  productId: string;
  quantity: number;
}

export interface Cart {
  lines: CartLineView[];
}

export interface CategoryNode {
  id: number;
  name: string;
  slug: string;
  parentId: number | null;
  productCount: number;
  children: CategoryNode[];
}

export interface Promotion {
  id: string;
  name: string;
  percentOff: number | null;
  amountOff: number | null;
  categoryId: number | null;
  productIds: string[];
  startsAt: string;
  endsAt: string;
  active: boolean;
}

export interface ShippingAddress {
  fullName: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
}

export interface PlacedOrder {
  id: string;
  status: string;
  total: number;
  currency: string;
}

export interface OrderSummary {
  id: string;
  customerId: string;
  status: string;
  total: number;
  currency: string;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface StatusChange {
  from: string | null;
  to: string;
  at: string;
  reason: string;
}

export interface Order {
  id: string;
  customerId: string;
  status: string;
  items: OrderLine[];
  total: number;
  currency: string;
  shippingAddress: ShippingAddress;
  paymentId: string | null;
  history: StatusChange[];
  createdAt: string;
  updatedAt: string;
}

export interface StatsBucket {
  start: string;
  orders: number;
  paidOrders: number;
  revenue: number;
}

export interface OrderStats {
  from: string;
  to: string;
  bucket: string;
  currency: string;
  buckets: StatsBucket[];
}

export interface AccountStatsBucket {
  start: string;
  activeUsers: number;
  newAccounts: number;
}

export interface AccountStats {
  from: string;
  to: string;
  bucket: string;
  activeNow: number;
  accounts: number;
  buckets: AccountStatsBucket[];
}

export interface CardToken {
  id: string;
  card: { brand: string; last4: string; expMonth: number; expYear: number };
}

export interface Payment {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  status: string;
  failureCode: string | null;
  failureReason: string | null;
}

export interface Profile {
  userId: string;
  email: string;
  displayName: string;
  phone: string | null;
  bio: string | null;
  locale: string | null;
  timeZone: string | null;
  hasAvatar: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Preferences {
  currency: string;
  language: string;
  marketingEmails: boolean;
  notifications: { orderUpdates: { inApp: boolean; email: boolean } };
}

export interface Address {
  id: string;
  label: string | null;
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
  isDefaultShipping: boolean;
  createdAt: string;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  orderId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  unreadCount: number;
}

export interface Account {
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  emailVerified: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export interface DeadLetter {
  messageId: string | null;
  type: string | null;
  attempts: number;
  lastError: string | null;
  deadLetteredAt: string | null;
  occurredAt: string | null;
  body: unknown;
}

export interface DeadLetterPage {
  total: number;
  items: DeadLetter[];
}
