import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { CartProvider, cartKey, useCart } from './CartContext';

function Probe() {
  const cart = useCart();
  return (
    <>
      <span data-testid="count">{cart.count}</span>
      <button onClick={() => cart.add({ productId: 'p1', name: 'Kettle', unitPrice: 10, currency: 'USD' }, 2)}>add</button>
    </>
  );
}

describe('cart', () => {
  it('persists across a reload (a fresh provider reads localStorage)', () => {
    const first = render(
      <CartProvider>
        <Probe />
      </CartProvider>,
    );
    act(() => screen.getByText('add').click());
    act(() => screen.getByText('add').click());
    expect(screen.getByTestId('count')).toHaveTextContent('4');
    expect(JSON.parse(localStorage.getItem(cartKey)!)).toHaveLength(1);
    first.unmount();

    render(
      <CartProvider>
        <Probe />
      </CartProvider>,
    );
    expect(screen.getByTestId('count')).toHaveTextContent('4');
  });

  it('ignores a corrupted stored cart', () => {
    localStorage.setItem(cartKey, '{not json');
    render(
      <CartProvider>
        <Probe />
      </CartProvider>,
    );
    expect(screen.getByTestId('count')).toHaveTextContent('0');
  });
});
