import { useState, type FormEvent } from 'react';
import { send } from '../api/client';
import type { CategoryNode, Promotion } from '../api/types';
import { authed } from '../auth/session';
import { Async, Field, FormAlert, SelectField, useAsync, useSubmit } from '../components/ui';
import { flatten } from './Products';

export function AdminCategories() {
  const tree = useAsync((signal) => send<CategoryNode[]>('/api/categories', { signal }), []);
  const [d, setD] = useState({ id: 0, name: '', slug: '', parentId: '', sortOrder: '0' });
  const form = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = { name: d.name, slug: d.slug, parentId: d.parentId ? Number(d.parentId) : null, sortOrder: Number(d.sortOrder) || 0 };
      await authed(d.id ? `/api/categories/${d.id}` : '/api/categories', { method: d.id ? 'PUT' : 'POST', body });
      setD({ id: 0, name: '', slug: '', parentId: '', sortOrder: '0' });
      tree.reload();
    });
  };
  return (
    <section>
      <h1>Categories</h1>
      <FormAlert error={form.error} />
      <Async state={tree}>
        {(nodes) => (
          <>
            <ul className="plain">
              {flatten(nodes).map((c) => {
                const node = find(nodes, c.id)!;
                return (
                  <li key={c.id}>
                    {c.label} <span className="muted">({node.productCount})</span>{' '}
                    <button type="button" onClick={() => setD({ id: node.id, name: node.name, slug: node.slug, parentId: node.parentId ? String(node.parentId) : '', sortOrder: '0' })}>
                      Edit<span className="sr-only"> {node.name}</span>
                    </button>{' '}
                    <button type="button" className="danger" onClick={() => void form.run(async () => { await authed(`/api/categories/${node.id}`, { method: 'DELETE' }); tree.reload(); })}>
                      Delete<span className="sr-only"> {node.name}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
            <form onSubmit={submit} noValidate className="panel">
              <h2>{d.id ? 'Edit category' : 'New category'}</h2>
              <div className="grid-form">
                <Field label="Name" value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} error={form.fields.name} />
                <Field label="Slug" value={d.slug} onChange={(e) => setD({ ...d, slug: e.target.value })} error={form.fields.slug} />
                <SelectField label="Parent" value={d.parentId} onChange={(e) => setD({ ...d, parentId: e.target.value })} error={form.fields.parentId}>
                  <option value="">None (top level)</option>
                  {flatten(nodes).map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
                </SelectField>
                <Field label="Sort order" type="number" value={d.sortOrder} onChange={(e) => setD({ ...d, sortOrder: e.target.value })} error={form.fields.sortOrder} />
              </div>
              <button type="submit" disabled={form.busy}>
                {d.id ? 'Save category' : 'Create category'}
              </button>
            </form>
          </>
        )}
      </Async>
    </section>
  );
}

function find(nodes: CategoryNode[], id: number): CategoryNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const child = find(n.children, id);
    if (child) return child;
  }
  return undefined;
}

export function AdminPromotions() {
  const list = useAsync((signal) => authed<Promotion[]>('/api/promotions', { signal }), []);
  const categories = useAsync((signal) => send<CategoryNode[]>('/api/categories', { signal }), []);
  const now = new Date();
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const [d, setD] = useState({ name: '', kind: 'percentOff', value: '', categoryId: '', productIds: '', startsAt: local(now), endsAt: local(new Date(now.getTime() + 7 * 86400000)) });
  const form = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      await authed('/api/promotions', {
        method: 'POST',
        body: {
          name: d.name,
          percentOff: d.kind === 'percentOff' && d.value ? Number(d.value) : null,
          amountOff: d.kind === 'amountOff' && d.value ? Number(d.value) : null,
          categoryId: d.categoryId ? Number(d.categoryId) : null,
          productIds: d.productIds ? d.productIds.split(/[\s,]+/).filter(Boolean) : null,
          startsAt: d.startsAt ? new Date(d.startsAt).toISOString() : null,
          endsAt: d.endsAt ? new Date(d.endsAt).toISOString() : null,
        },
      });
      list.reload();
    });
  };
  return (
    <section>
      <h1>Promotions</h1>
      <FormAlert error={form.error} />
      <Async state={list}>
        {(promotions) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Discount</th>
                <th scope="col">Applies to</th>
                <th scope="col">From – to</th>
                <th scope="col">Active</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {promotions.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.percentOff !== null ? `${p.percentOff}%` : `${p.amountOff} off`}</td>
                  <td>{p.categoryId !== null ? `category ${p.categoryId}` : `${p.productIds.length} products`}</td>
                  <td>
                    {new Date(p.startsAt).toLocaleString()} – {new Date(p.endsAt).toLocaleString()}
                  </td>
                  <td>{p.active ? 'yes' : 'no'}</td>
                  <td>
                    <button type="button" className="danger" onClick={() => void form.run(async () => { await authed(`/api/promotions/${p.id}`, { method: 'DELETE' }); list.reload(); })}>
                      Delete<span className="sr-only"> {p.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
      <form onSubmit={submit} noValidate className="panel">
        <h2>New promotion</h2>
        <div className="grid-form">
          <Field label="Name" value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} error={form.fields.name} />
          <SelectField label="Kind" value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value })}>
            <option value="percentOff">Percent off</option>
            <option value="amountOff">Amount off</option>
          </SelectField>
          <Field label="Value" type="number" step="0.01" value={d.value} onChange={(e) => setD({ ...d, value: e.target.value })} error={form.fields.percentOff ?? form.fields.amountOff} />
          <SelectField label="Category" value={d.categoryId} onChange={(e) => setD({ ...d, categoryId: e.target.value })} error={form.fields.categoryId}>
            <option value="">None (use product ids)</option>
            {flatten(categories.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <Field label="Product ids (comma separated)" value={d.productIds} onChange={(e) => setD({ ...d, productIds: e.target.value })} error={form.fields.productIds} />
          <Field label="Starts at" type="datetime-local" value={d.startsAt} onChange={(e) => setD({ ...d, startsAt: e.target.value })} error={form.fields.startsAt} />
          <Field label="Ends at" type="datetime-local" value={d.endsAt} onChange={(e) => setD({ ...d, endsAt: e.target.value })} error={form.fields.endsAt} />
        </div>
        <button type="submit" disabled={form.busy}>
          Create promotion
        </button>
      </form>
    </section>
  );
}
