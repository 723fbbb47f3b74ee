import { Link } from 'react-router';
import { useCart } from '../cart/CartContext';
import { money } from '../components/ui';

export function CartPage() {
  const { lines, setQuantity, remove } = useCart();
  const currency = lines[0]?.currency ?? 'USD';
  const total = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  return (
    <section>
      <h1>Your cart</h1>
      <p className="muted">Your cart is kept in this browser. Prices are confirmed by the shop when you place the order.</p>
      {lines.length === 0 ? (
        <p>
          Your cart is empty. <Link to="/">Browse the shop</Link>
        </p>
      ) : (
        <>
          <table className="table">
            <caption className="sr-only">Items in your cart</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.productId} data-testid="cart-line">
                  <td>
                    <Link to={`/products/${l.productId}`}>{l.name}</Link>
                  </td>
                  <td>{money(l.unitPrice, l.currency)}</td>
                  <td>
                    <label className="sr-only" htmlFor={`qty-${l.productId}`}>
                      Quantity of {l.name}
                    </label>
                    <input id={`qty-${l.productId}`} type="number" min={1} max={1000} value={l.quantity} onChange={(e) => setQuantity(l.productId, Number(e.target.value) || 1)} className="qty" />
                  </td>
                  <td>{money(l.unitPrice * l.quantity, l.currency)}</td>
                  <td>
                    <button type="button" onClick={() => remove(l.productId)} aria-label={`Remove ${l.name}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="big">
            Estimated total: <strong data-testid="cart-total">{money(total, currency)}</strong>
          </p>
          <Link className="button" to="/checkout">
            Check out
          </Link>
        </>
      )}
    </section>
  );
}
