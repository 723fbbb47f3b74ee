import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { assetUrl, send } from '../api/client';
import type { Product } from '../api/types';
import { useCart } from '../cart/CartContext';
import { Async, Price, useAsync } from '../components/ui';

export function ProductPage() {
  const { id = '' } = useParams();
  const product = useAsync((signal) => send<Product>(`/api/products/${encodeURIComponent(id)}`, { signal }), [id]);
  const { add } = useCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  return (
    <Async state={product}>
      {(p) => (
        <article className="product">
          <p>
            <Link to="/">← Back to the shop</Link>
          </p>
          <img src={assetUrl(p.imageUrl)} alt={p.name} width="320" height="240" />
          <div>
            <h1>{p.name}</h1>
            <p className="muted">SKU {p.sku}</p>
            <p className="big">
              <Price price={p.price} salePrice={p.salePrice} currency={p.currency} />
            </p>
            <p>{p.description}</p>
            <p className={p.stock > 0 ? '' : 'error'}>{p.stock > 0 ? `${p.stock} in stock` : 'Out of stock'}</p>
            {p.stock > 0 && (
              <form
                className="row"
                onSubmit={(e) => {
                  e.preventDefault();
                  add({ productId: p.id, name: p.name, unitPrice: p.salePrice ?? p.price, currency: p.currency }, quantity);
                  setAdded(true);
                }}
              >
                <div className="field">
                  <label htmlFor="quantity">Quantity</label>
                  <input id="quantity" type="number" min={1} max={Math.min(p.stock, 1000)} value={quantity} onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))} />
                </div>
                <button type="submit">Add to cart</button>
              </form>
            )}
            {added && (
              <p role="status" className="success">
                Added to your cart. <Link to="/cart">View cart</Link>
              </p>
            )}
          </div>
        </article>
      )}
    </Async>
  );
}
