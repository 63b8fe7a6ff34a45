/**
 * The parts of Etsy's Open API v3 specification (OAS 3.0.0, `www.etsy.com/openapi/generated/oas/3.0.0.json`,
 * rendered at developers.etsy.com/documentation/reference) that Storelink reads, encoded property by
 * property so simulator responses can be checked against them. No npm package from Etsy ships the spec
 * and this machine cannot download it, so it was read in two copies:
 *  - OFFICIAL 2021: github.com/etsy/open-api `openapi.json` (Etsy's own repo; removed there on 2021-06-14,
 *    read at the parent of commit 86511a0). It gives the `required` lists below.
 *  - CURRENT 2026: the same generated spec as mirrored in api-evangelist/etsy
 *    `openapi/_original/etsy-openapi-original.yml` (commit 3824def, `x-generated-from` the URL above,
 *    `x-last-validated: 2026-05-30`) and its per-schema `json-schema/open-api-v3-*.json`. It gives the
 *    properties, types, `nullable`, `minimum` and enums below. Its `example` values are NOT Etsy's: the
 *    mirror adds placeholders ("example string", a receipt `name` "Handmade Ceramic Mug", `grandtotal`
 *    "example", which is not even a Money), so none is used as a fact.
 * Each property cites its schema as `<Schema>.<property>`; `r` marks a property the official 2021 spec lists
 * as required. Unknown properties are refused: a simulator may not invent fields.
 */

type Prop =
  | { t: 'integer'; min?: number; nullable?: boolean; r?: boolean }
  | { t: 'number' | 'boolean'; nullable?: boolean; r?: boolean }
  | { t: 'string'; nullable?: boolean; enum?: readonly string[]; r?: boolean }
  | { t: 'ref'; ref: SchemaName; nullable?: boolean; r?: boolean }
  | { t: 'array'; of: SchemaName; r?: boolean };

export type SchemaName = 'Money' | 'Self' | 'ShopReceipts' | 'ShopReceipt' | 'ShopRefund' | 'ShopReceiptShipment' | 'ShopReceiptTransaction' | 'ErrorSchema';

/** Epoch-second timestamps in the spec have `minimum: 946684800` (2000-01-01). */
const TS = 946_684_800;

/**
 * ShopReceipt.status enum (CURRENT). Its description lists five values; the enum also has the two
 * refund states, which Etsy does send.
 */
export const ETSY_RECEIPT_STATUSES = ['paid', 'completed', 'open', 'payment processing', 'canceled', 'fully refunded', 'partially refunded'] as const;

export const ETSY_SCHEMAS: Record<SchemaName, Record<string, Prop>> = {
  // components.schemas.Money: "A representation of an amount of money." (required: OFFICIAL 2021)
  Money: {
    amount: { t: 'integer', r: true },
    divisor: { t: 'integer', min: 0, r: true },
    currency_code: { t: 'string', r: true },
  },
  // components.schemas.Self, the 200 body of getMe (GET /v3/application/users/me; not in the 2021 spec).
  // The copy read carries no `required` list; Storelink needs shop_id, so both are checked as present.
  Self: {
    user_id: { t: 'integer', min: 1, r: true },
    shop_id: { t: 'integer', min: 1, r: true },
  },
  // components.schemas.ShopReceipts, the 200 body of getShopReceipts (required: OFFICIAL 2021)
  ShopReceipts: {
    count: { t: 'integer', r: true },
    results: { t: 'array', of: 'ShopReceipt', r: true },
  },
  // components.schemas.ShopReceipt
  ShopReceipt: {
    receipt_id: { t: 'integer', min: 1, r: true },
    receipt_type: { t: 'integer', min: 0, r: true },
    seller_user_id: { t: 'integer', min: 1, r: true },
    seller_email: { t: 'string', nullable: true },
    buyer_user_id: { t: 'integer', min: 1, r: true },
    buyer_email: { t: 'string', nullable: true },
    name: { t: 'string', r: true },
    first_line: { t: 'string', nullable: true, r: true },
    second_line: { t: 'string', nullable: true, r: true },
    city: { t: 'string', nullable: true, r: true },
    state: { t: 'string', nullable: true, r: true },
    zip: { t: 'string', nullable: true, r: true },
    status: { t: 'string', enum: ETSY_RECEIPT_STATUSES },
    formatted_address: { t: 'string', nullable: true, r: true },
    country_iso: { t: 'string', nullable: true, r: true },
    payment_method: { t: 'string', r: true },
    payment_email: { t: 'string', nullable: true, r: true },
    message_from_seller: { t: 'string', nullable: true, r: true },
    message_from_buyer: { t: 'string', nullable: true, r: true },
    message_from_payment: { t: 'string', nullable: true, r: true },
    is_paid: { t: 'boolean', r: true },
    is_shipped: { t: 'boolean', r: true },
    create_timestamp: { t: 'integer', min: TS, r: true },
    created_timestamp: { t: 'integer', min: TS },
    update_timestamp: { t: 'integer', min: TS, r: true },
    updated_timestamp: { t: 'integer', min: TS },
    is_gift: { t: 'boolean' },
    gift_message: { t: 'string', r: true },
    gift_sender: { t: 'string' },
    grandtotal: { t: 'ref', ref: 'Money', r: true },
    subtotal: { t: 'ref', ref: 'Money', r: true },
    total_price: { t: 'ref', ref: 'Money', r: true },
    total_shipping_cost: { t: 'ref', ref: 'Money', r: true },
    total_tax_cost: { t: 'ref', ref: 'Money', r: true },
    total_vat_cost: { t: 'ref', ref: 'Money', r: true },
    discount_amt: { t: 'ref', ref: 'Money', r: true },
    gift_wrap_price: { t: 'ref', ref: 'Money', r: true },
    shipments: { t: 'array', of: 'ShopReceiptShipment', r: true },
    transactions: { t: 'array', of: 'ShopReceiptTransaction' },
    refunds: { t: 'array', of: 'ShopRefund' },
  },
  // components.schemas.ShopRefund (CURRENT only): "The refund record for a receipt."
  ShopRefund: {
    amount: { t: 'ref', ref: 'Money' },
    created_timestamp: { t: 'integer', min: TS },
    reason: { t: 'string', nullable: true },
    note_from_issuer: { t: 'string', nullable: true },
    status: { t: 'string', nullable: true },
  },
  // components.schemas.ShopReceiptShipment
  ShopReceiptShipment: {
    receipt_shipping_id: { t: 'integer', min: 1, nullable: true },
    shipment_notification_timestamp: { t: 'integer', min: TS },
    carrier_name: { t: 'string' },
    tracking_code: { t: 'string' },
  },
  // components.schemas.ShopReceiptTransaction: the properties the simulator serves (the schema has more:
  // variations, product_data, listing and product ids, ...; a property outside this list is refused)
  ShopReceiptTransaction: {
    transaction_id: { t: 'integer', min: 1, r: true },
    title: { t: 'string', r: true },
    seller_user_id: { t: 'integer', min: 1, r: true },
    buyer_user_id: { t: 'integer', min: 1, r: true },
    create_timestamp: { t: 'integer', min: TS, r: true },
    created_timestamp: { t: 'integer', min: TS },
    quantity: { t: 'integer', min: 0, r: true },
    receipt_id: { t: 'integer', min: 1, r: true },
    price: { t: 'ref', ref: 'Money', r: true },
    shipping_cost: { t: 'ref', ref: 'Money', r: true },
  },
  // components.schemas.ErrorSchema: every 4xx/5xx body of the spec's operations
  ErrorSchema: {
    error: { t: 'string', r: true },
  },
};

/**
 * getShopReceipts query parameters: the OFFICIAL 2021 list (min_created, max_created, min_last_modified,
 * max_last_modified, limit, offset, was_paid, was_shipped) and the CURRENT additions the simulator models
 * (sort_on, sort_order; was_delivered, was_canceled, legacy exist too).
 */
export const ETSY_RECEIPTS_QUERY_PARAMS = [
  'min_created',
  'max_created',
  'min_last_modified',
  'max_last_modified',
  'limit',
  'offset',
  'sort_on',
  'sort_order',
  'was_paid',
  'was_shipped',
  'was_delivered',
  'was_canceled',
  'legacy',
];

/** Every way `value` differs from the schema, as `path: problem` lines (empty when valid). */
export function etsyProblems(schema: SchemaName, value: unknown, path: string = schema): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
  const props = ETSY_SCHEMAS[schema];
  const out: string[] = [];
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!(key in props)) out.push(`${path}.${key}: not a ${schema} property`);
  for (const [key, p] of Object.entries(props)) {
    const at = `${path}.${key}`;
    if (!(key in obj) || obj[key] === undefined) {
      if (p.r) out.push(`${at}: required`);
      continue;
    }
    const v = obj[key];
    if (v === null) {
      if (!('nullable' in p && p.nullable)) out.push(`${at}: null, but not nullable`);
      continue;
    }
    switch (p.t) {
      case 'integer':
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) out.push(`${at}: not an integer`);
        else if (p.min !== undefined && v < p.min) out.push(`${at}: below the minimum ${p.min}`);
        break;
      case 'number':
      case 'boolean':
        if (typeof v !== p.t) out.push(`${at}: not a ${p.t}`);
        break;
      case 'string':
        if (typeof v !== 'string') out.push(`${at}: not a string`);
        else if (p.enum && !p.enum.includes(v)) out.push(`${at}: ${JSON.stringify(v)} is not one of the enum`);
        break;
      case 'ref':
        out.push(...etsyProblems(p.ref, v, at));
        break;
      case 'array':
        if (!Array.isArray(v)) out.push(`${at}: not an array`);
        else v.forEach((item, i) => out.push(...etsyProblems(p.of, item, `${at}[${i}]`)));
        break;
    }
  }
  return out;
}

export function assertEtsyValid(schema: SchemaName, value: unknown, what: string = schema): void {
  const problems = etsyProblems(schema, value);
  if (problems.length > 0) throw new Error(`${what} is not a valid ${schema} per Etsy's Open API v3 spec:\n  ${problems.slice(0, 20).join('\n  ')}`);
}
