import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AuthProvider, useAuth } from '../auth/AuthContext';
import { start } from '../auth/session';
import { stubFetch } from '../test/http';
import { CartProvider, cartKey, useCart } from './CartContext';

function Probe() {
  const cart = useCart();
  const { signOut } = useAuth();
  return (
    <>
      <span data-testid="count">{cart.count}</span>
      <span data-testid="names">{cart.lines.map((l) => `${l.name}×${l.quantity}`).join(',')}</span>
      <button onClick={() => cart.add({ productId: 'p1', name: 'Kettle', unitPrice: 10, currency: 'USD' }, 2)}>add</button>
      <button onClick={() => void signOut()}>sign out</button>
    </>
  );
}

const shop = (children: ReactNode) => (
  <AuthProvider>
    <CartProvider>{children}</CartProvider>
  </AuthProvider>
);

const me = { userId: 'u1', email: 'ada@example.com', displayName: 'Ada', roles: ['customer'], emailVerified: true };

describe('cart', () => {
  it('persists across a reload (a fresh provider reads localStorage)', () => {
    const first = render(shop(<Probe />));
    act(() => screen.getByText('add').click());
    act(() => screen.getByText('add').click());
    expect(screen.getByTestId('count')).toHaveTextContent('4');
    expect(JSON.parse(localStorage.getItem(cartKey)!)).toHaveLength(1);
    first.unmount();

    render(shop(<Probe />));
    expect(screen.getByTestId('count')).toHaveTextContent('4');
  });

  it('ignores a corrupted stored cart', () => {
    localStorage.setItem(cartKey, '{not json');
    render(shop(<Probe />));
    expect(screen.getByTestId('count')).toHaveTextContent('0');
  });

  it('merges the guest cart into the account on sign-in, saves every change there, and empties on sign-out', async () => {
    localStorage.setItem(cartKey, JSON.stringify([{ productId: 'p1', name: 'Kettle', unitPrice: 10, currency: 'USD', quantity: 1 }]));
    const calls = stubFetch({
      'GET /api/auth/me': () => ({ body: me }),
      'POST /api/users/me/cart/merge': () => ({ body: { lines: [{ productId: 'p1', quantity: 1 }, { productId: 'p2', quantity: 3 }, { productId: 'gone', quantity: 1 }] } }),
      'GET /api/products/p2': () => ({ body: { id: 'p2', name: 'Teapot', price: 30, salePrice: 25, currency: 'USD' } }),
      'PUT /api/users/me/cart': (call) => ({ body: JSON.parse(call.body!) }),
      'POST /api/auth/logout': () => ({ status: 204 }),
    });
    start({ accessToken: 'access-1', refreshToken: 'refresh-1', tokenType: 'Bearer', expiresIn: 900 });

    render(shop(<Probe />));
    await waitFor(() => expect(screen.getByTestId('names')).toHaveTextContent('Kettle×1,Teapot×3'));
    const merge = calls.find((c) => c.url.endsWith('/api/users/me/cart/merge'))!;
    expect(JSON.parse(merge.body!)).toEqual({ lines: [{ productId: 'p1', quantity: 1 }] });
    expect(merge.headers.Authorization).toBe('Bearer access-1');

    act(() => screen.getByText('add').click());
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const save = calls.find((c) => c.method === 'PUT')!;
    expect(JSON.parse(save.body!)).toEqual({ lines: [{ productId: 'p1', quantity: 3 }, { productId: 'p2', quantity: 3 }] });

    act(() => screen.getByText('sign out').click());
    await waitFor(() => expect(screen.getByTestId('count')).toHaveTextContent('0'));
    expect(JSON.parse(localStorage.getItem(cartKey)!)).toEqual([]);
  });

  it('keeps a line added while the sign-in merge is still on its way, and saves it on the account', async () => {
    let answerMerge: () => void = () => undefined;
    const calls = stubFetch({
      'GET /api/auth/me': () => ({ body: me }),
      'POST /api/users/me/cart/merge': () =>
        new Promise((resolve) => {
          answerMerge = () => resolve({ body: { lines: [{ productId: 'p2', quantity: 3 }] } });
        }),
      'GET /api/products/p2': () => ({ body: { id: 'p2', name: 'Teapot', price: 30, currency: 'USD' } }),
      'PUT /api/users/me/cart': (call) => ({ body: JSON.parse(call.body!) }),
    });
    start({ accessToken: 'access-1', refreshToken: 'refresh-1', tokenType: 'Bearer', expiresIn: 900 });

    render(shop(<Probe />));
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/cart/merge'))).toBe(true));
    act(() => screen.getByText('add').click());
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    act(() => answerMerge());

    await waitFor(() => expect(screen.getByTestId('names')).toHaveTextContent('Teapot×3,Kettle×2'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(JSON.parse(calls.find((c) => c.method === 'PUT')!.body!)).toEqual({ lines: [{ productId: 'p2', quantity: 3 }, { productId: 'p1', quantity: 2 }] });
    expect(JSON.parse(localStorage.getItem(cartKey)!)).toHaveLength(2);
  });
});
