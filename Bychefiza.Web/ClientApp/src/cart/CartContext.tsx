import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useAuth } from '../auth/AuthContext';
import { mergeIntoAccount, saveToAccount } from './accountCart';

export interface CartLine {
  productId: string;
  name: string;
  unitPrice: number;
  currency: string;
  quantity: number;
}

/**
 * The cart is kept in this browser (localStorage), so a guest's cart survives reloads. Once signed
 * in, it is merged into the account's cart (users service) and every change is saved there too, so
 * it follows the shopper to other devices; signing out leaves an empty cart in this browser. The
 * order's prices always come from the catalog.
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
  const { me } = useAuth();
  const accountId = me === undefined ? undefined : (me?.userId ?? null);
  /** The account this browser's cart is merged into, null while there is none. */
  const mergedInto = useRef<string | null>(null);
  const saving = useRef<Promise<void>>(Promise.resolve());

  const replace = useCallback((next: CartLine[]) => {
    localStorage.setItem(cartKey, JSON.stringify(next));
    setLines(next);
  }, []);

  useEffect(() => {
    if (accountId === undefined) return;
    if (accountId === null) {
      if (mergedInto.current !== null) replace([]);
      mergedInto.current = null;
      return;
    }
    if (mergedInto.current === accountId) return;
    let current = true;
    mergeIntoAccount(read())
      .then((merged) => {
        if (!current) return;
        mergedInto.current = accountId;
        replace(merged);
      })
      // The browser's cart stays as it is; the next sign-in or reload merges it.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [accountId, replace]);

  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === cartKey && setLines(read());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const update = useCallback((change: (lines: CartLine[]) => CartLine[]) => {
    setLines((current) => {
      const next = change(current);
      localStorage.setItem(cartKey, JSON.stringify(next));
      if (mergedInto.current !== null) {
        // One save at a time, in order; a failed save is made good by the next one, which sends the whole cart.
        saving.current = saving.current.then(() => saveToAccount(next)).catch(() => undefined);
      }
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
