import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import type { Address, CardToken, PlacedOrder, ShippingAddress } from '../api/types';
import { authed } from '../auth/session';
import { useCart } from '../cart/CartContext';
import { Async, Field, FormAlert, money, useAsync, useSubmit } from '../components/ui';

/** A random UUID v4; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const emptyAddress: ShippingAddress = { fullName: '', line1: '', line2: '', city: '', postalCode: '', country: '' };

function prefixed(fields: Record<string, string>, prefix: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (k.startsWith(prefix)) result[k.slice(prefix.length)] = v;
  return result;
}

export function Checkout() {
  const { lines, clear } = useCart();
  const navigate = useNavigate();
  const addresses = useAsync((signal) => authed<Address[]>('/api/users/me/addresses', { signal }), []);
  const [choice, setChoice] = useState<string>('');
  const [address, setAddress] = useState<ShippingAddress>(emptyAddress);
  const [card, setCard] = useState({ number: '', expiry: '', cvc: '' });
  const [cardErrors, setCardErrors] = useState<Record<string, string>>({});
  const form = useSubmit();
  // One key per checkout attempt of this cart: a double click or a retry after a network error cannot order twice.
  const idempotencyKey = useRef(newKey());

  if (lines.length === 0)
    return (
      <section>
        <h1>Checkout</h1>
        <p>
          Your cart is empty. <Link to="/">Browse the shop</Link>
        </p>
      </section>
    );

  const currency = lines[0].currency;
  const total = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);

  const submit = (e: FormEvent, saved: Address[]) => {
    e.preventDefault();
    setCardErrors({});
    void form.run(async () => {
      const selected = saved.find((a) => a.id === (choice || saved.find((x) => x.isDefaultShipping)?.id));
      const shippingAddress: ShippingAddress =
        selected && choice !== 'new'
          ? { fullName: selected.fullName, line1: selected.line1, line2: selected.line2, city: selected.city, postalCode: selected.postalCode, country: selected.country }
          : { ...address, line2: address.line2 || null };
      const [month, year] = card.expiry.split('/').map((s) => s.trim());
      // The card goes to the payments simulator's tokenizer only (as Stripe.js would); the order carries the token.
      let token: CardToken;
      try {
        token = await authed<CardToken>('/api/payments/simulator/tokens', {
          method: 'POST',
          body: { number: card.number.replace(/\s+/g, ''), expMonth: Number(month) || null, expYear: Number(year) || null, cvc: card.cvc },
        });
      } catch (error) {
        if (error instanceof ApiError && error.problem.errors) {
          const f = error.fieldErrors;
          setCardErrors({ number: f.number, expiry: [f.expMonth, f.expYear].filter(Boolean).join(' '), cvc: f.cvc });
          throw new ApiError(400, { title: 'Please check your card details.' });
        }
        throw error;
      }
      try {
        const order = await authed<PlacedOrder>('/api/orders', {
          method: 'POST',
          headers: { 'Idempotency-Key': idempotencyKey.current },
          body: { items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), shippingAddress, paymentToken: token.id },
        });
        clear();
        navigate(`/orders/${order.id}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && Array.isArray(error.problem.shortfalls)) {
          const names = (error.problem.shortfalls as { productId: string; available: number }[])
            .map((s) => `${lines.find((l) => l.productId === s.productId)?.name ?? s.productId} (${s.available} left)`)
            .join(', ');
          idempotencyKey.current = newKey();
          throw new ApiError(409, { title: `Not enough stock for: ${names}. Change the quantities in your cart.` });
        }
        throw error;
      }
    });
  };

  const addressErrors = prefixed(form.fields, 'shippingAddress.');
  const setField = (name: keyof ShippingAddress) => (e: React.ChangeEvent<HTMLInputElement>) => setAddress({ ...address, [name]: e.target.value });

  return (
    <section>
      <h1>Checkout</h1>
      <Async state={addresses}>
        {(saved) => {
          const current = choice || (saved.find((a) => a.isDefaultShipping)?.id ?? 'new');
          return (
            <form onSubmit={(e) => submit(e, saved)} noValidate className="checkout">
              <FormAlert error={form.error} />
              <fieldset>
                <legend>Shipping address</legend>
                {saved.map((a) => (
                  <div className="field checkbox" key={a.id}>
                    <input type="radio" id={`addr-${a.id}`} name="address" value={a.id} checked={current === a.id} onChange={() => setChoice(a.id)} />
                    <label htmlFor={`addr-${a.id}`}>
                      {a.label ? `${a.label}: ` : ''}
                      {a.fullName}, {a.line1}, {a.city} {a.postalCode}, {a.country}
                    </label>
                  </div>
                ))}
                {saved.length > 0 && (
                  <div className="field checkbox">
                    <input type="radio" id="addr-new" name="address" value="new" checked={current === 'new'} onChange={() => setChoice('new')} />
                    <label htmlFor="addr-new">A new address</label>
                  </div>
                )}
                {current === 'new' && (
                  <div className="grid-form">
                    <Field label="Full name" name="fullName" autoComplete="name" value={address.fullName} onChange={setField('fullName')} error={addressErrors.fullName} />
                    <Field label="Address line 1" name="line1" autoComplete="address-line1" value={address.line1} onChange={setField('line1')} error={addressErrors.line1} />
                    <Field label="Address line 2 (optional)" name="line2" autoComplete="address-line2" value={address.line2 ?? ''} onChange={setField('line2')} error={addressErrors.line2} />
                    <Field label="City" name="city" autoComplete="address-level2" value={address.city} onChange={setField('city')} error={addressErrors.city} />
                    <Field label="Postal code" name="postalCode" autoComplete="postal-code" value={address.postalCode} onChange={setField('postalCode')} error={addressErrors.postalCode} />
                    <Field label="Country (2-letter code)" name="country" autoComplete="country" maxLength={2} value={address.country} onChange={setField('country')} error={addressErrors.country} />
                  </div>
                )}
              </fieldset>
              <fieldset>
                <legend>Card</legend>
                <p className="muted">Test mode: use 4242 4242 4242 4242 with any future expiry and CVC.</p>
                <div className="grid-form">
                  <Field label="Card number" name="cardNumber" autoComplete="cc-number" inputMode="numeric" value={card.number} onChange={(e) => setCard({ ...card, number: e.target.value })} error={cardErrors.number} />
                  <Field label="Expiry (MM/YY)" name="expiry" autoComplete="cc-exp" placeholder="12/30" value={card.expiry} onChange={(e) => setCard({ ...card, expiry: e.target.value })} error={cardErrors.expiry} />
                  <Field label="CVC" name="cvc" autoComplete="cc-csc" inputMode="numeric" value={card.cvc} onChange={(e) => setCard({ ...card, cvc: e.target.value })} error={cardErrors.cvc} />
                </div>
              </fieldset>
              <p className="big">
                {lines.reduce((s, l) => s + l.quantity, 0)} items, about <strong>{money(total, currency)}</strong>
              </p>
              <button type="submit" disabled={form.busy}>
                {form.busy ? 'Placing your order…' : 'Place order'}
              </button>
            </form>
          );
        }}
      </Async>
    </section>
  );
}
