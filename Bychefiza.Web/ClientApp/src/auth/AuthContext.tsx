import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { send } from '../api/client';
import type { Me, TokenPair } from '../api/types';
import { authed, hasSession, onSessionChange, signOut, start } from './session';

interface AuthState {
  /** undefined while the first check runs, null when signed out. */
  me: Me | null | undefined;
  isAdmin: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  reload(): Promise<void>;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(hasSession() ? undefined : null);

  const reload = useCallback(async () => {
    if (!hasSession()) {
      setMe(null);
      return;
    }
    try {
      setMe(await authed<Me>('/api/auth/me'));
    } catch {
      setMe(hasSession() ? null : null);
    }
  }, []);

  useEffect(() => {
    void reload();
    return onSessionChange((signedIn) => {
      if (!signedIn) setMe(null);
    });
  }, [reload]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      isAdmin: !!me?.roles.includes('admin'),
      async signIn(email, password) {
        const pair = await send<TokenPair>('/api/auth/login', { method: 'POST', body: { email, password } });
        start(pair);
        setMe(await authed<Me>('/api/auth/me'));
      },
      async signOut() {
        await signOut();
        setMe(null);
      },
      reload,
    }),
    [me, reload],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
