import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { query, send } from '../api/client';
import type { CategoryNode, Page, Product } from '../api/types';
import { authed } from '../auth/session';
import { Async, Field, FormAlert, Pager, SelectField, money, useAsync, useSubmit } from '../components/ui';

export function flatten(nodes: CategoryNode[], depth = 0): { id: number; label: string }[] {
  return nodes.flatMap((n) => [{ id: n.id, label: `${'— '.repeat(depth)}${n.name}` }, ...flatten(n.children, depth + 1)]);
}

type Draft = { sku: string; name: string; description: string; categoryId: string; price: string; currency: string; stock: string; version?: number; id?: string };
const blank: Draft = { sku: '', name: '', description: '', categoryId: '', price: '', currency: 'USD', stock: '0' };

function ProductForm({ initial, categories, onDone }: { initial: Draft; categories: CategoryNode[]; onDone: () => void }) {
  const [d, setD] = useState(initial);
  const form = useSubmit();
  const set = (name: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setD({ ...d, [name]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = {
        sku: d.sku,
        name: d.name,
        description: d.description,
        categoryId: d.categoryId ? Number(d.categoryId) : null,
        price: d.price === '' ? null : Number(d.price),
        currency: d.currency,
        stock: d.stock === '' ? null : Number(d.stock),
        version: d.version,
      };
      await authed(d.id ? `/api/products/${d.id}` : '/api/products', { method: d.id ? 'PUT' : 'POST', body });
      onDone();
    });
  };
  return (
    <form onSubmit={submit} noValidate className="panel" aria-label={d.id ? 'Edit product' : 'New product'}>
      <h2>{d.id ? `Edit ${initial.name}` : 'New product'}</h2>
      <FormAlert error={form.error} />
      <div className="grid-form">
        <Field label="SKU" name="sku" value={d.sku} onChange={set('sku')} error={form.fields.sku} />
        <Field label="Name" name="name" value={d.name} onChange={set('name')} error={form.fields.name} />
        <Field label="Description" name="description" value={d.description} onChange={set('description')} error={form.fields.description} />
        <SelectField label="Category" name="categoryId" value={d.categoryId} onChange={set('categoryId')} error={form.fields.categoryId}>
          <option value="">Choose…</option>
          {flatten(categories).map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <Field label="Price" name="price" type="number" step="0.01" value={d.price} onChange={set('price')} error={form.fields.price} />
        <Field label="Currency" name="currency" value={d.currency} onChange={set('currency')} error={form.fields.currency} />
        <Field label="Stock" name="stock" type="number" value={d.stock} onChange={set('stock')} error={form.fields.stock} />
      </div>
      <button type="submit" disabled={form.busy}>
        {d.id ? 'Save product' : 'Create product'}
      </button>{' '}
      <button type="button" onClick={onDone}>
        Close
      </button>
    </form>
  );
}

function StockCell({ product, onSaved }: { product: Product; onSaved: () => void }) {
  const [stock, setStock] = useState(String(product.stock));
  const form = useSubmit();
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        void form.run(async () => {
          await authed(`/api/products/${product.id}/stock`, { method: 'PUT', body: { stock: Number(stock) } });
          onSaved();
        });
      }}
    >
      <label className="sr-only" htmlFor={`stock-${product.id}`}>
        Stock of {product.name}
      </label>
      <input id={`stock-${product.id}`} type="number" min={0} value={stock} onChange={(e) => setStock(e.target.value)} className="qty" aria-invalid={!!form.fields.stock} />
      <button type="submit" disabled={form.busy}>
        Set<span className="sr-only"> stock of {product.name}</span>
      </button>
      {(form.fields.stock || form.error) && <small className="field-error">{form.fields.stock ?? form.error}</small>}
    </form>
  );
}

export function AdminProducts() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const [editing, setEditing] = useState<Draft | null>(null);
  const products = useAsync((signal) => send<Page<Product>>(`/api/products${query({ search, page, pageSize: 20 })}`, { signal }), [search, page]);
  const categories = useAsync((signal) => send<CategoryNode[]>('/api/categories', { signal }), []);
  const action = useSubmit();
  return (
    <section>
      <h1>Products</h1>
      <div className="toolbar">
        <div className="field grow">
          <label htmlFor="admin-product-search">Search products</label>
          <input id="admin-product-search" type="search" defaultValue={search} onChange={(e) => setParams(e.target.value ? { search: e.target.value } : {}, { replace: true })} />
        </div>
        <button type="button" onClick={() => setEditing(blank)}>
          New product
        </button>
      </div>
      {editing && categories.data && (
        <ProductForm
          key={editing.id ?? 'new'}
          initial={editing}
          categories={categories.data}
          onDone={() => {
            setEditing(null);
            products.reload();
          }}
        />
      )}
      <FormAlert error={action.error} />
      <Async state={products}>
        {(result) => (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Price</th>
                  <th scope="col">Stock</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>{p.sku}</td>
                    <td>{money(p.price, p.currency)}</td>
                    <td>
                      <StockCell product={p} onSaved={products.reload} />
                    </td>
                    <td>
                      <button
                        type="button"
                        onClick={() =>
                          setEditing({ id: p.id, version: p.version, sku: p.sku, name: p.name, description: p.description, categoryId: String(p.categoryId), price: String(p.price), currency: p.currency, stock: String(p.stock) })
                        }
                      >
                        Edit<span className="sr-only"> {p.name}</span>
                      </button>{' '}
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          if (!window.confirm(`Archive ${p.name}? The shop stops showing it.`)) return;
                          void action.run(async () => {
                            await authed(`/api/products/${p.id}`, { method: 'DELETE' });
                            products.reload();
                          });
                        }}
                      >
                        Archive<span className="sr-only"> {p.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={result.page} pageSize={result.pageSize} total={result.totalCount} onPage={(n) => setParams({ ...(search ? { search } : {}), page: String(n) })} />
          </>
        )}
      </Async>
    </section>
  );
}
