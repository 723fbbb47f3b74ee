import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { query } from '../api/client';
import type { Order, OrderSummary, Page } from '../api/types';
import { authed } from '../auth/session';
import { Async, ErrorMessage, FormAlert, Pager, StatusBadge, money, useAsync, useSubmit } from '../components/ui';

export function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const orders = useAsync((signal) => authed<Page<OrderSummary>>(`/api/orders${query({ page, pageSize: 10 })}`, { signal }), [page]);
  return (
    <section>
      <h1>Your orders</h1>
      <Async state={orders}>
        {(result) =>
          result.items.length === 0 ? (
            <p>You have no orders yet.</p>
          ) : (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Order</th>
                    <th scope="col">Placed</th>
                    <th scope="col">Items</th>
                    <th scope="col">Total</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {result.items.map((o) => (
                    <tr key={o.id}>
                      <td>
                        <Link to={`/orders/${o.id}`}>{o.id.slice(0, 8)}</Link>
                      </td>
                      <td>{new Date(o.createdAt).toLocaleString()}</td>
                      <td>{o.itemCount}</td>
                      <td>{money(o.total, o.currency)}</td>
                      <td>
                        <StatusBadge status={o.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager page={result.page} pageSize={result.pageSize} total={result.totalCount} onPage={(n) => setParams({ page: String(n) })} />
            </>
          )
        }
      </Async>
    </section>
  );
}

const settling = new Set(['Pending', 'RefundPending']);

/** Why a cancelled order failed to pay, in words a shopper understands. */
export function declineMessage(order: Order): string | undefined {
  if (order.status !== 'Cancelled') return undefined;
  const last = order.history[order.history.length - 1];
  const reason = last?.reason ?? '';
  if (/declin|insufficient|invalid_token|payment/i.test(reason))
    return `Your payment was declined (${reason}). The order is cancelled and nothing was charged. Try another card.`;
  return undefined;
}

export function OrderView({ order, actions }: { order: Order; actions?: React.ReactNode }) {
  const declined = declineMessage(order);
  return (
    <article>
      <h1>
        Order {order.id.slice(0, 8)} <StatusBadge status={order.status} />
      </h1>
      <div aria-live="polite">
        {settling.has(order.status) && (
          <p role="status" className="muted">
            {order.status === 'Pending' ? 'Waiting for the payment to complete…' : 'Your refund is on its way…'}
          </p>
        )}
        {order.status === 'Paid' && (
          <p role="status" className="success">
            Payment received. Thank you!
          </p>
        )}
        {declined && (
          <p role="alert" className="error" data-testid="decline-message">
            {declined}
          </p>
        )}
      </div>
      {actions}
      <table className="table">
        <caption>Items</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Unit price</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((l) => (
            <tr key={l.productId}>
              <td>
                <Link to={`/products/${l.productId}`}>{l.name}</Link>
              </td>
              <td>{l.quantity}</td>
              <td>{money(l.unitPrice, order.currency)}</td>
              <td>{money(l.lineTotal, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="big">
        Total <strong>{money(order.total, order.currency)}</strong>
      </p>
      <h2>Shipping to</h2>
      <address>
        {order.shippingAddress.fullName}
        <br />
        {order.shippingAddress.line1}
        {order.shippingAddress.line2 && (
          <>
            <br />
            {order.shippingAddress.line2}
          </>
        )}
        <br />
        {order.shippingAddress.postalCode} {order.shippingAddress.city}, {order.shippingAddress.country}
      </address>
      <h2>History</h2>
      <ol className="history">
        {order.history.map((h, i) => (
          <li key={i}>
            <time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time>: {h.to}
            {h.reason ? ` (${h.reason})` : ''}
          </li>
        ))}
      </ol>
    </article>
  );
}

/** One order, polled every second and a half while its payment or refund is still settling. */
export function OrderPage() {
  const { id = '' } = useParams();
  const order = useAsync((signal) => authed<Order>(`/api/orders/${encodeURIComponent(id)}`, { signal }), [id]);
  const cancel = useSubmit();
  const [pollError, setPollError] = useState<unknown>();
  const status = order.data?.status;
  const { setData } = order;
  useEffect(() => {
    if (!status || !settling.has(status)) return;
    const timer = window.setInterval(() => {
      authed<Order>(`/api/orders/${encodeURIComponent(id)}`)
        .then((o) => {
          setPollError(undefined);
          setData(o);
        })
        .catch(setPollError);
    }, 1500);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, status]);
  return (
    <section>
      <p>
        <Link to="/orders">← All orders</Link>
      </p>
      {pollError !== undefined && <ErrorMessage error={pollError} />}
      <Async state={order}>
        {(o) => (
          <OrderView
            order={o}
            actions={
              (o.status === 'Pending' || o.status === 'Paid') && (
                <div>
                  <FormAlert error={cancel.error} />
                  <button
                    type="button"
                    className="danger"
                    disabled={cancel.busy}
                    onClick={() => {
                      if (!window.confirm('Cancel this order?')) return;
                      void cancel.run(async () => setData(await authed<Order>(`/api/orders/${o.id}/cancel`, { method: 'POST' })));
                    }}
                  >
                    Cancel order
                  </button>
                </div>
              )
            }
          />
        )}
      </Async>
    </section>
  );
}
