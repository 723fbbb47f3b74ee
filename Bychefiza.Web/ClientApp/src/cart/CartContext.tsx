import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface CartLine {
  productId: string;
  name: string;
  unitPrice: number;
  currency: string;
  quantity: number;
}

/**
 * The cart is kept in this browser (localStorage): the platform has no cart API, so it is not stored
 * on the account. It survives reloads and sign-in; the order's prices always come from the catalog.
 */
export const cartKey = 'bychefiza.cart';

function read(): CartLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(cartKey) ?? '[]') as CartLine[];
    return Array.isArray(lines) ? lines.filter((l) => l && typeof l.productId === 'string' && l.quantity > 0) : [];
  } catch {
    return [];
  }
}

interface CartState {
  lines: CartLine[];
  count: number;
  add(line: Omit<CartLine, 'quantity'>, quantity?: number): void;
  setQuantity(productId: string, quantity: number): void;
  remove(productId: string): void;
  clear(): void;
}

const CartContext = createContext<CartState | undefined>(undefined);

export function CartProvider({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<CartLine[]>(read);

  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === cartKey && setLines(read());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const update = useCallback((change: (lines: CartLine[]) => CartLine[]) => {
    setLines((current) => {
      const next = change(current);
      localStorage.setItem(cartKey, JSON.stringify(next));
      return next;
    });
  }, []);

  const value = useMemo<CartState>(
    () => ({
      lines,
      count: lines.reduce((sum, l) => sum + l.quantity, 0),
      add: (line, quantity = 1) =>
        update((current) =>
          current.some((l) => l.productId === line.productId)
            ? current.map((l) => (l.productId === line.productId ? { ...l, ...line, quantity: Math.min(l.quantity + quantity, 1000) } : l))
            : [...current, { ...line, quantity }],
        ),
      setQuantity: (productId, quantity) =>
        update((current) => current.map((l) => (l.productId === productId ? { ...l, quantity: Math.max(1, Math.min(quantity, 1000)) } : l))),
      remove: (productId) => update((current) => current.filter((l) => l.productId !== productId)),
      clear: () => update(() => []),
    }),
    [lines, update],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart outside CartProvider');
  return value;
}
