import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useState } from 'react';
import { query, send } from '../api/client';
import type { AccountStats, OrderStats, Page, Product } from '../api/types';
import { authed } from '../auth/session';
import { Async, useAsync } from '../components/ui';

/** The last <count> whole buckets up to now, the axis both stats endpoints take. */
function axis(bucket: 'minute' | 'hour' | 'day', count: number) {
  const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[bucket];
  const to = new Date(Math.ceil(Date.now() / unit) * unit);
  const from = new Date(to.getTime() - count * unit);
  return query({ bucket, from: from.toISOString(), to: to.toISOString() });
}

const stats = (bucket: 'minute' | 'hour' | 'day', count: number, signal: AbortSignal) =>
  authed<OrderStats>(`/api/orders/stats${axis(bucket, count)}`, { signal });

const accountStats = (bucket: 'hour' | 'day', count: number, signal: AbortSignal) =>
  authed<AccountStats>(`/api/auth/users/stats${axis(bucket, count)}`, { signal });

const time = (bucket: string) => (iso: string) => {
  const d = new Date(iso);
  return bucket === 'day' ? d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
};

function Chart({ title, data, children }: { title: string; data: unknown[]; children: React.ReactNode }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div style={{ width: '100%', height: 220 }} role="img" aria-label={title}>
        <ResponsiveContainer>{children as React.ReactElement}</ResponsiveContainer>
      </div>
      <details>
        <summary>Data</summary>
        <pre>{JSON.stringify(data.slice(-10), null, 1)}</pre>
      </details>
    </figure>
  );
}

/** Products with the least stock: the catalog has no stock sort, so the first pages are read and the lowest kept. */
async function lowStock(signal: AbortSignal): Promise<Product[]> {
  const all: Product[] = [];
  for (let page = 1; page <= 10; page++) {
    const result = await send<Page<Product>>(`/api/products${query({ page, pageSize: 100, sort: 'name' })}`, { signal });
    all.push(...result.items);
    if (page * result.pageSize >= result.totalCount) break;
  }
  return all.sort((a, b) => a.stock - b.stock).slice(0, 10);
}

export function Dashboard() {
  const [revenueBucket, setRevenueBucket] = useState<'hour' | 'day'>('hour');
  const perMinute = useAsync((signal) => stats('minute', 60, signal), []);
  const revenue = useAsync((signal) => stats(revenueBucket, revenueBucket === 'hour' ? 24 : 30, signal), [revenueBucket]);
  const low = useAsync(lowStock, []);
  const accounts = useAsync((signal) => accountStats(revenueBucket, revenueBucket === 'hour' ? 24 : 30, signal), [revenueBucket]);
  return (
    <section>
      <h1>Dashboard</h1>
      <div className="cards">
        <Async state={accounts}>
          {(a) => (
            <>
              <p className="stat"><strong data-testid="active-now">{a.activeNow}</strong> signed in now</p>
              <p className="stat"><strong data-testid="account-count">{a.accounts}</strong> accounts</p>
            </>
          )}
        </Async>
        <Async state={perMinute}>{(s) => <p className="stat"><strong>{s.buckets.reduce((n, b) => n + b.orders, 0)}</strong> orders in the last hour</p>}</Async>
      </div>
      <div className="charts">
        <Async state={perMinute}>
          {(s) => (
            <Chart title="Orders per minute (last hour)" data={s.buckets}>
              <LineChart data={s.buckets}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="start" tickFormatter={time('minute')} minTickGap={30} />
                <YAxis allowDecimals={false} />
                <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
                <Line isAnimationActive={false} type="monotone" dataKey="orders" stroke="#1d4ed8" dot={false} name="Orders" />
                <Line isAnimationActive={false} type="monotone" dataKey="paidOrders" stroke="#047857" dot={false} name="Paid" />
              </LineChart>
            </Chart>
          )}
        </Async>
        <div>
          <div className="field">
            <label htmlFor="revenue-bucket">Revenue and active users per</label>
            <select id="revenue-bucket" value={revenueBucket} onChange={(e) => setRevenueBucket(e.target.value as 'hour' | 'day')}>
              <option value="hour">hour (last 24)</option>
              <option value="day">day (last 30)</option>
            </select>
          </div>
          <Async state={revenue}>
            {(s) => (
              <Chart title={`Revenue per ${s.bucket} (${s.currency})`} data={s.buckets}>
                <BarChart data={s.buckets}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="start" tickFormatter={time(s.bucket)} minTickGap={20} />
                  <YAxis />
                  <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
                  <Bar isAnimationActive={false} dataKey="revenue" fill="#1d4ed8" name="Revenue" />
                </BarChart>
              </Chart>
            )}
          </Async>
        </div>
        <Async state={accounts}>
          {(a) => (
            <Chart title={`Active users per ${a.bucket}`} data={a.buckets}>
              <LineChart data={a.buckets}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="start" tickFormatter={time(a.bucket)} minTickGap={20} />
                <YAxis allowDecimals={false} />
                <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
                <Line isAnimationActive={false} type="monotone" dataKey="activeUsers" stroke="#7c3aed" dot={false} name="Active users" />
                <Line isAnimationActive={false} type="monotone" dataKey="newAccounts" stroke="#047857" dot={false} name="New accounts" />
              </LineChart>
            </Chart>
          )}
        </Async>
        <Async state={low}>
          {(products) => (
            <Chart title="Lowest stock" data={products.map((p) => ({ name: p.name, stock: p.stock }))}>
              <BarChart data={products.map((p) => ({ name: p.name, stock: p.stock }))} layout="vertical" margin={{ left: 40 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="name" width={140} />
                <Tooltip />
                <Bar isAnimationActive={false} dataKey="stock" fill="#b45309" name="Stock" />
              </BarChart>
            </Chart>
          )}
        </Async>
      </div>
    </section>
  );
}
