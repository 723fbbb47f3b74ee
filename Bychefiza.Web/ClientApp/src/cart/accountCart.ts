import { ApiError, send } from '../api/client';
import type { Cart, CartLineView, Product } from '../api/types';
import { authed } from '../auth/session';
import type { CartLine } from './CartContext';

const path = '/api/users/me/cart';

const quantities = (lines: CartLine[]): CartLineView[] => lines.map(({ productId, quantity }) => ({ productId, quantity }));

/**
 * Merges this browser's cart into the account's and returns the result. The account keeps product
 * ids and quantities only: names and prices of products this browser has not seen come from the
 * catalog, and a product the catalog no longer has leaves the cart.
 */
export async function mergeIntoAccount(local: CartLine[]): Promise<CartLine[]> {
  const cart = await authed<Cart>(`${path}/merge`, { method: 'POST', body: { lines: quantities(local) } });
  const known = new Map(local.map((line) => [line.productId, line]));
  const lines = await Promise.all(
    cart.lines.map(async ({ productId, quantity }): Promise<CartLine | undefined> => {
      const seen = known.get(productId);
      if (seen) return { ...seen, quantity };
      try {
        const p = await send<Product>(`/api/products/${productId}`);
        return { productId, name: p.name, unitPrice: p.salePrice ?? p.price, currency: p.currency, quantity };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    }),
  );
  return lines.filter((line): line is CartLine => line !== undefined);
}

/** Saves the whole cart on the account: the last change wins. */
export async function saveToAccount(lines: CartLine[]): Promise<void> {
  await authed<Cart>(path, { method: 'PUT', body: { lines: quantities(lines) } });
}
