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

type Change = (lines: CartLine[]) => CartLine[];

const CartContext = createContext<CartState | undefined>(undefined);

export function CartProvider({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<CartLine[]>(read);
  const { me } = useAuth();
  const accountId = me === undefined ? undefined : (me?.userId ?? null);
  /** The account this browser's cart is merged into, null while there is none. */
  const mergedInto = useRef<string | null>(null);
  const saving = useRef<Promise<void>>(Promise.resolve());
  /** Changes made while a merge is on its way, replayed on the merged cart; null while none is. */
  const duringMerge = useRef<Change[] | null>(null);

  /** One save at a time, in order; a failed save is made good by the next one, which sends the whole cart. */
  const save = useCallback((next: CartLine[]) => {
    saving.current = saving.current.then(() => saveToAccount(next)).catch(() => undefined);
  }, []);

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
    const changes: Change[] = [];
    duringMerge.current = changes;
    mergeIntoAccount(read())
      .then((merged) => {
        if (!current) return;
        duringMerge.current = null;
        mergedInto.current = accountId;
        // A line added while the merge was on its way is not lost: the change is made again on the merged cart.
        const next = changes.reduce((lines, change) => change(lines), merged);
        replace(next);
        if (changes.length > 0) save(next);
      })
      // The browser's cart stays as it is; the next sign-in or reload merges it.
      .catch(() => {
        if (current) duringMerge.current = null;
      });
    return () => {
      current = false;
      if (duringMerge.current === changes) duringMerge.current = null;
    };
  }, [accountId, replace, save]);

  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === cartKey && setLines(read());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const update = useCallback(
    (change: Change) => {
      duringMerge.current?.push(change);
      setLines((current) => {
        const next = change(current);
        localStorage.setItem(cartKey, JSON.stringify(next));
        if (mergedInto.current !== null) save(next);
        return next;
      });
    },
    [save],
  );

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
