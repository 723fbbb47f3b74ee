import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { stubFetch } from '../test/http';
import { Catalog } from './Catalog';
import { Register } from './AuthPages';
import { declineMessage } from './Orders';
import type { Order } from '../api/types';

describe('catalog', () => {
  it('reads search, filters, sort and page from the URL and asks the API for exactly them', async () => {
    const calls = stubFetch({
      'GET /api/categories': () => ({ body: [{ id: 3, name: 'Kitchen', slug: 'kitchen', parentId: null, productCount: 2, children: [] }] }),
      'GET /api/products': () => ({
        body: {
          items: [{ id: 'a', sku: 'K1', name: 'Blue Kettle', description: '', categoryId: 3, price: 20, salePrice: 15, currency: 'USD', stock: 4, imageUrl: '/api/products/a/image' }],
          page: 2,
          pageSize: 12,
          totalCount: 13,
        },
      }),
    });
    render(
      <MemoryRouter initialEntries={['/?search=kettle&category=3&minPrice=5&inStock=true&sort=-price&page=2']}>
        <Routes>
          <Route path="/" element={<Catalog />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByText('Blue Kettle')).toBeInTheDocument();
    const products = calls.find((c) => c.url.includes('/api/products'))!;
    const query = new URL(products.url).searchParams;
    expect(Object.fromEntries(query)).toEqual({ search: 'kettle', category: '3', minPrice: '5', inStock: 'true', sort: '-price', page: '2', pageSize: '12' });
    expect(screen.getByLabelText('Search products')).toHaveValue('kettle');
    expect(screen.getByLabelText('Sort by')).toHaveValue('-price');
    expect(screen.getByTestId('sale-price')).toHaveTextContent('15');
    expect(screen.getByText('Page 2 of 2')).toBeInTheDocument();
  });

  it('shows an error with a retry when the catalog cannot be read', async () => {
    stubFetch({ 'GET /api/categories': () => ({ body: [] }), 'GET /api/products': () => ({ status: 503, body: { title: 'Service unavailable' } }) });
    render(
      <MemoryRouter>
        <Catalog />
      </MemoryRouter>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Service unavailable');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('register', () => {
  it("shows the API's field errors next to their fields", async () => {
    stubFetch({
      'POST /api/auth/register': () => ({
        status: 400,
        body: { title: 'One or more validation errors occurred.', errors: { password: ['Passwords must be at least 10 characters.'], email: ['Enter an email address such as name@example.com.'] } },
      }),
    });
    render(
      <MemoryRouter>
        <Register />
      </MemoryRouter>,
    );
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(expect.stringContaining('at least 10 characters'));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter an email address such as name@example.com.');
    expect(screen.getByRole('alert')).toHaveTextContent('validation errors');
  });
});

describe('order status', () => {
  const order = (status: string, reason: string): Order =>
    ({ id: 'o', status, history: [{ from: 'Pending', to: status, at: '', reason }] }) as unknown as Order;

  it('explains a declined payment and nothing else', () => {
    expect(declineMessage(order('Cancelled', 'card_declined'))).toMatch(/declined/);
    expect(declineMessage(order('Cancelled', 'Cancelled by the customer'))).toBeUndefined();
    expect(declineMessage(order('Paid', 'payment completed'))).toBeUndefined();
  });
});
