import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { assetUrl, query, send } from '../api/client';
import type { CategoryNode, Page, Product } from '../api/types';
import { Async, Pager, Price, useAsync } from '../components/ui';

const sorts: [string, string][] = [
  ['', 'Best match / name'],
  ['name', 'Name'],
  ['price', 'Price: low to high'],
  ['-price', 'Price: high to low'],
  ['newest', 'Newest'],
];

function CategoryTree({ nodes, selected, onSelect }: { nodes: CategoryNode[]; selected: string; onSelect: (id: string) => void }) {
  return (
    <ul>
      {nodes.map((node) => (
        <li key={node.id}>
          <button type="button" className="link" aria-pressed={selected === String(node.id)} onClick={() => onSelect(String(node.id))}>
            {node.name} <span className="muted">({node.productCount})</span>
          </button>
          {node.children.length > 0 && <CategoryTree nodes={node.children} selected={selected} onSelect={onSelect} />}
        </li>
      ))}
    </ul>
  );
}

/** The catalog; every filter lives in the URL, so reload, back and shared links keep it. */
export function Catalog() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const category = params.get('category') ?? '';
  const minPrice = params.get('minPrice') ?? '';
  const maxPrice = params.get('maxPrice') ?? '';
  const inStock = params.get('inStock') === 'true';
  const sort = params.get('sort') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const [typed, setTyped] = useState(search);

  const set = (changes: Record<string, string>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (resetPage && !('page' in changes)) next.delete('page');
    setParams(next, { replace: 'search' in changes });
  };

  // Search as you type, a moment after the last key.
  useEffect(() => {
    if (typed === search) return;
    const timer = window.setTimeout(() => set({ search: typed.trim() }), 300);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);

  const categories = useAsync((signal) => send<CategoryNode[]>('/api/categories', { signal }), []);
  const products = useAsync(
    (signal) =>
      send<Page<Product>>(
        `/api/products${query({ search, category, minPrice, maxPrice, inStock: inStock || undefined, sort, page, pageSize: 12 })}`,
        { signal },
      ),
    [search, category, minPrice, maxPrice, inStock, sort, page],
  );

  return (
    <div className="catalog">
      <aside aria-label="Filters" className="filters">
        <h2>Categories</h2>
        <button type="button" className="link" aria-pressed={!category} onClick={() => set({ category: '' })}>
          All products
        </button>
        <Async state={categories}>{(nodes) => <CategoryTree nodes={nodes} selected={category} onSelect={(id) => set({ category: id })} />}</Async>
        <h2>Price</h2>
        <div className="row">
          <div className="field">
            <label htmlFor="minPrice">Min</label>
            <input id="minPrice" type="number" min="0" inputMode="decimal" defaultValue={minPrice} onBlur={(e) => set({ minPrice: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="maxPrice">Max</label>
            <input id="maxPrice" type="number" min="0" inputMode="decimal" defaultValue={maxPrice} onBlur={(e) => set({ maxPrice: e.target.value })} />
          </div>
        </div>
        <div className="field checkbox">
          <input id="inStock" type="checkbox" checked={inStock} onChange={(e) => set({ inStock: e.target.checked ? 'true' : '' })} />
          <label htmlFor="inStock">In stock only</label>
        </div>
      </aside>
      <section className="results">
        <h1>Shop</h1>
        <div className="toolbar" role="search">
          <div className="field grow">
            <label htmlFor="search">Search products</label>
            <input id="search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="e.g. running shoe" />
          </div>
          <div className="field">
            <label htmlFor="sort">Sort by</label>
            <select id="sort" value={sort} onChange={(e) => set({ sort: e.target.value })}>
              {sorts.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <Async state={products}>
          {(result) =>
            result.items.length === 0 ? (
              <p role="status">No products match.</p>
            ) : (
              <>
                <p role="status" className="muted" aria-live="polite">
                  {result.totalCount} products{products.loading ? ' (updating…)' : ''}
                </p>
                <ul className="grid" data-testid="product-list">
                  {result.items.map((p) => (
                    <li key={p.id} className="card" data-testid="product-card">
                      <Link to={`/products/${p.id}`}>
                        <img src={assetUrl(p.imageUrl)} alt="" width="160" height="120" loading="lazy" />
                        <span className="name">{p.name}</span>
                      </Link>
                      <Price price={p.price} salePrice={p.salePrice} currency={p.currency} />
                      <span className={p.stock > 0 ? 'muted' : 'error'}>{p.stock > 0 ? `${p.stock} in stock` : 'Out of stock'}</span>
                    </li>
                  ))}
                </ul>
                <Pager page={result.page} pageSize={result.pageSize} total={result.totalCount} onPage={(n) => set({ page: n > 1 ? String(n) : '' }, false)} />
              </>
            )
          }
        </Async>
      </section>
    </div>
  );
}
