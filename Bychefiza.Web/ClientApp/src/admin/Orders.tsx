import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { query } from '../api/client';
import type { DeadLetterPage, Order, OrderSummary, Page } from '../api/types';
import { authed } from '../auth/session';
import { OrderView } from '../pages/Orders';
import { Async, FormAlert, Pager, SelectField, StatusBadge, money, useAsync, useSubmit } from '../components/ui';

const statuses = ['', 'Pending', 'Paid', 'Shipped', 'Delivered', 'Cancelled', 'RefundPending', 'Refunded'];

function AdminOrder({ id, onChanged }: { id: string; onChanged: () => void }) {
  const order = useAsync((signal) => authed<Order>(`/api/orders/admin/${id}`, { signal }), [id]);
  const action = useSubmit();
  const act = (verb: 'ship' | 'deliver' | 'refund') =>
    void action.run(async () => {
      order.setData(await authed<Order>(`/api/orders/admin/${id}/${verb}`, { method: 'POST' }));
      onChanged();
    });
  return (
    <div className="panel">
      <Async state={order}>
        {(o) => (
          <OrderView
            order={o}
            actions={
              <div className="row">
                <FormAlert error={action.error} />
                {o.status === 'Paid' && <button type="button" onClick={() => act('ship')}>Ship</button>}
                {o.status === 'Shipped' && <button type="button" onClick={() => act('deliver')}>Mark delivered</button>}
                {o.status === 'Paid' && <button type="button" className="danger" onClick={() => act('refund')}>Refund</button>}
              </div>
            }
          />
        )}
      </Async>
    </div>
  );
}

export function AdminOrders() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const [open, setOpen] = useState<string>();
  const orders = useAsync(
    (signal) =>
      authed<Page<OrderSummary>>(
        `/api/orders/admin${query({ status, from: from ? new Date(from).toISOString() : '', to: to ? new Date(to).toISOString() : '', page, pageSize: 20 })}`,
        { signal },
      ),
    [status, from, to, page],
  );
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  return (
    <section>
      <h1>Orders</h1>
      <div className="toolbar">
        <SelectField label="Status" value={status} onChange={(e) => set('status', e.target.value)}>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {s || 'Any'}
            </option>
          ))}
        </SelectField>
        <div className="field">
          <label htmlFor="orders-from">Placed from</label>
          <input id="orders-from" type="date" value={from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="orders-to">Placed before</label>
          <input id="orders-to" type="date" value={to} onChange={(e) => set('to', e.target.value)} />
        </div>
      </div>
      <Async state={orders}>
        {(result) => (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Total</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <button type="button" className="link" aria-expanded={open === o.id} onClick={() => setOpen(open === o.id ? undefined : o.id)}>
                        {o.id.slice(0, 8)}
                      </button>
                    </td>
                    <td>{o.customerId.slice(0, 8)}</td>
                    <td>{new Date(o.createdAt).toLocaleString()}</td>
                    <td>{money(o.total, o.currency)}</td>
                    <td>
                      <StatusBadge status={o.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result.items.length === 0 && <p>No orders match.</p>}
            <Pager page={result.page} pageSize={result.pageSize} total={result.totalCount} onPage={(n) => set('page', String(n))} />
          </>
        )}
      </Async>
      {open && <AdminOrder key={open} id={open} onChanged={orders.reload} />}
    </section>
  );
}

const services = ['auth', 'users', 'products', 'orders', 'payments'];

function ServiceDeadLetters({ service }: { service: string }) {
  const list = useAsync((signal) => authed<DeadLetterPage>(`/api/${service}/dead-letters?limit=50`, { signal }), [service]);
  const action = useSubmit();
  const [done, setDone] = useState<string>();
  const replay = (path: string, what: string) =>
    void action.run(async () => {
      await authed(path, { method: 'POST' });
      setDone(`${what} sent back to ${service}.`);
      list.reload();
    });
  return (
    <section aria-labelledby={`dl-${service}`}>
      <h2 id={`dl-${service}`}>{service}</h2>
      <FormAlert error={action.error} success={done} />
      <Async state={list}>
        {(page) =>
          page.items.length === 0 ? (
            <p>No dead letters.</p>
          ) : (
            <>
              <p>{page.total} waiting</p>
              <button type="button" onClick={() => replay(`/api/${service}/dead-letters/replay`, 'Every dead letter')}>
                Replay all<span className="sr-only"> of {service}</span>
              </button>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last error</th>
                    <th scope="col">Dead-lettered</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((d) => (
                    <tr key={d.messageId ?? Math.random()}>
                      <td>{d.type}</td>
                      <td>{d.attempts}</td>
                      <td className="wrap">{d.lastError}</td>
                      <td>{d.deadLetteredAt ? new Date(d.deadLetteredAt).toLocaleString() : '—'}</td>
                      <td>
                        {d.messageId && (
                          <button type="button" onClick={() => replay(`/api/${service}/dead-letters/${d.messageId}/replay`, 'The event')}>
                            Replay<span className="sr-only"> {d.type}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </Async>
    </section>
  );
}

export function DeadLetters() {
  return (
    <section>
      <h1>Dead letters</h1>
      <p className="muted">Events a service could not apply after its retries. Replaying sends one back as a first attempt.</p>
      {services.map((s) => (
        <ServiceDeadLetters key={s} service={s} />
      ))}
    </section>
  );
}
