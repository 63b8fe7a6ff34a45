/**
 * The shop inside the Etsy simulator: ShopReceipt objects with every property of the ShopReceipt schema
 * in Etsy's Open API v3 spec (tests/helpers/etsy-oas.ts lists them with their sources; every response is
 * checked against it in tests/platforms/etsy-oas.test.ts): unix-second timestamps under both spellings
 * (`create_timestamp`/`created_timestamp`, `update_timestamp`/`updated_timestamp`), money as
 * `{amount, divisor, currency_code}`, nullable address and message fields, transactions with integer
 * quantities. Seeded.
 */
import { seededRandom } from '../square/http-util.ts';

export interface EtsyMoney {
  amount: number;
  divisor: number;
  currency_code: string;
}

/** ShopReceiptTransaction (the properties the simulator serves). */
export interface EtsyTransaction {
  transaction_id: number;
  title: string;
  seller_user_id: number;
  buyer_user_id: number;
  create_timestamp: number;
  created_timestamp: number;
  quantity: number;
  receipt_id: number;
  price: EtsyMoney;
  shipping_cost: EtsyMoney;
}

export interface EtsyReceipt {
  receipt_id: number;
  receipt_type: number;
  seller_user_id: number;
  seller_email: string | null;
  buyer_user_id: number;
  /** null when the app has no access to buyer e-mails (ShopReceipt.buyer_email). */
  buyer_email: string | null;
  name: string;
  first_line: string | null;
  second_line: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  formatted_address: string | null;
  country_iso: string | null;
  payment_method: string;
  payment_email: string | null;
  message_from_seller: string | null;
  message_from_buyer: string | null;
  message_from_payment: string | null;
  status: string;
  is_paid: boolean;
  is_shipped: boolean;
  create_timestamp: number;
  created_timestamp: number;
  update_timestamp: number;
  updated_timestamp: number;
  is_gift: boolean;
  gift_message: string;
  gift_sender: string;
  grandtotal: EtsyMoney;
  subtotal: EtsyMoney;
  /** ShopReceipt.total_price: sum of the listings' price x quantity, without tax or shipping. */
  total_price: EtsyMoney;
  total_shipping_cost: EtsyMoney;
  total_tax_cost: EtsyMoney;
  total_vat_cost: EtsyMoney;
  /** Shop coupon discounts (percent or fixed), free-shipping coupons excluded. */
  discount_amt: EtsyMoney;
  gift_wrap_price: EtsyMoney;
  shipments: { receipt_shipping_id: number | null; shipment_notification_timestamp: number; carrier_name: string; tracking_code: string }[];
  /** ShopReceipt.refunds[] (ShopRefund: amount, created_timestamp, reason, note_from_issuer, status). */
  refunds: { amount: EtsyMoney; created_timestamp: number; reason: string | null; note_from_issuer: string | null; status: string | null }[];
  transactions: EtsyTransaction[];
}

export interface MoneyStyle {
  currency: string;
  divisor: number;
  /** The grand total uses the divisor's extra decimals (USD 12345/1000 = 12.345): more precision than the currency. */
  extraDigits?: boolean;
}

const STATUSES = ['paid', 'paid', 'completed', 'completed', 'open', 'payment processing', 'canceled', 'fully refunded', 'partially refunded'];
const PAID = new Set(['paid', 'completed', 'fully refunded', 'partially refunded']);
const MINOR_EXP: Record<string, number> = { JPY: 0, KWD: 3, BHD: 3 };

export class EtsyStore {
  readonly userId: number;
  readonly shopId: number;
  readonly receipts: EtsyReceipt[] = [];
  readonly #rand: () => number;
  readonly #now: () => number;
  readonly #styles: MoneyStyle[];
  #lastSec = 0;
  #nextId = 2_900_000_000;

  constructor(opts: { seed: number; orderCount: number; money: MoneyStyle[]; now: () => number }) {
    this.#rand = seededRandom(opts.seed);
    this.#now = opts.now;
    this.#styles = opts.money;
    this.userId = 50_000_000 + Math.floor(this.#rand() * 1_000_000);
    this.shopId = 30_000_000 + Math.floor(this.#rand() * 1_000_000);
    // From 2025-01-01, or earlier for a shop so large that its receipts would otherwise reach past now.
    let t = Math.floor(Math.min(Date.UTC(2025, 0, 1), opts.now() - opts.orderCount * 7_200_000) / 1000);
    for (let i = 0; i < opts.orderCount; i++) {
      // Etsy times are whole seconds: about one receipt in four shares its second with the previous one.
      if (i === 0 || this.#rand() >= 0.25) t += 1 + Math.floor(this.#rand() * 7200);
      this.receipts.push(this.#make(t - 30, t));
    }
    this.#lastSec = t;
  }

  /**
   * `minor` minor units of `style.currency` written as amount/divisor (1234 cents, divisor 1000 -> 12340).
   * The divisor must be a multiple of 10^exponent of the currency (USD 100 or 1000, JPY 1 or 100).
   */
  #money(minor: number, style: MoneyStyle): EtsyMoney {
    const scale = 10 ** (MINOR_EXP[style.currency] ?? 2);
    return { amount: (minor * style.divisor) / scale, divisor: style.divisor, currency_code: style.currency };
  }

  #withExtra(m: EtsyMoney, style: MoneyStyle, id: number): EtsyMoney {
    const spare = style.divisor / 10 ** (MINOR_EXP[style.currency] ?? 2);
    return style.extraDigits && spare > 1 ? { ...m, amount: m.amount + (id % spare) } : m;
  }

  #make(created: number, updated: number): EtsyReceipt {
    const id = this.#nextId++;
    const style = this.#styles[id % this.#styles.length]!;
    const status = STATUSES[Math.floor(this.#rand() * STATUSES.length)]!;
    const lines = 1 + Math.floor(this.#rand() * 3);
    const transactions: EtsyTransaction[] = [];
    const buyer = 70_000_000 + (id % 1000);
    let total = 0;
    for (let j = 0; j < lines; j++) {
      const unit = style.currency === 'JPY' ? 300 + Math.floor(this.#rand() * 9000) : 100 + Math.floor(this.#rand() * 9900);
      const quantity = 1 + Math.floor(this.#rand() * 3);
      total += unit * quantity;
      transactions.push({
        transaction_id: id * 10 + j,
        title: `Listing ${j + 1}`,
        seller_user_id: this.userId,
        buyer_user_id: buyer,
        create_timestamp: created,
        created_timestamp: created,
        quantity,
        receipt_id: id,
        price: this.#money(unit, style),
        shipping_cost: this.#money(0, style),
      });
    }
    const shipping = style.currency === 'JPY' ? 500 : 399;
    return {
      receipt_id: id,
      receipt_type: 0,
      seller_user_id: this.userId,
      seller_email: null,
      buyer_user_id: buyer,
      buyer_email: id % 5 === 0 ? null : `buyer${id}@example.invalid`,
      name: `Buyer ${id}`,
      first_line: `${id % 900} Test Street`,
      second_line: null,
      city: 'Testville',
      state: null,
      zip: '00000',
      formatted_address: `Buyer ${id}\n${id % 900} Test Street\nTestville 00000`,
      country_iso: 'US',
      payment_method: 'cc',
      payment_email: null,
      message_from_seller: null,
      message_from_buyer: null,
      message_from_payment: null,
      status,
      is_paid: PAID.has(status),
      is_shipped: status === 'completed',
      create_timestamp: created,
      created_timestamp: created,
      update_timestamp: updated,
      updated_timestamp: updated,
      is_gift: false,
      gift_message: '',
      gift_sender: '',
      grandtotal: this.#withExtra(this.#money(total + shipping, style), style, id),
      subtotal: this.#money(total, style),
      total_price: this.#money(total, style),
      total_shipping_cost: this.#money(shipping, style),
      total_tax_cost: this.#money(0, style),
      total_vat_cost: this.#money(0, style),
      discount_amt: this.#money(0, style),
      gift_wrap_price: this.#money(0, style),
      shipments:
        status === 'completed' ? [{ receipt_shipping_id: id, shipment_notification_timestamp: updated, carrier_name: 'usps', tracking_code: `TEST${id}` }] : [],
      // a refunded receipt carries its refund, a day after the sale (Etsy refunds are dated in unix seconds)
      refunds:
        status === 'fully refunded' || status === 'partially refunded'
          ? [
              {
                amount: this.#money(status === 'fully refunded' ? total + shipping : Math.floor(total / 2), style),
                created_timestamp: Math.min(updated, created + 86_400),
                reason: 'Buyer returned the item',
                note_from_issuer: '',
                status: 'Processed',
              },
            ]
          : [],
      transactions,
    };
  }

  /** One second later than any receipt so far (or now): a batch of updates shares it, as on Etsy. */
  #nextSec(): number {
    this.#lastSec = Math.max(Math.floor(this.#now() / 1000), this.#lastSec + 1);
    return this.#lastSec;
  }

  touchOrders(n: number): number[] {
    const picked = new Set<number>();
    while (picked.size < Math.min(n, this.receipts.length)) picked.add(Math.floor(this.#rand() * this.receipts.length));
    const t = this.#nextSec();
    const ids: number[] = [];
    for (const i of picked) {
      const r = this.receipts[i]!;
      r.update_timestamp = r.updated_timestamp = t;
      if (r.status === 'paid') {
        r.status = 'completed';
        r.is_shipped = true;
      }
      ids.push(r.receipt_id);
    }
    return ids;
  }

  /** A receipt given whole by a test (kept as given; its update time moves the clock of later changes). */
  addReceipt(r: EtsyReceipt): void {
    this.receipts.push(structuredClone(r));
    this.#lastSec = Math.max(this.#lastSec, r.updated_timestamp);
  }

  addOrders(n: number): number[] {
    const t = this.#nextSec();
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = this.#make(t, t);
      this.receipts.push(r);
      ids.push(r.receipt_id);
    }
    return ids;
  }
}
