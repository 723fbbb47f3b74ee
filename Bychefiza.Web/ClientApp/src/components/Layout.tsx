import { NavLink, Outlet, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { authed } from '../auth/session';
import { useCart } from '../cart/CartContext';
import type { NotificationPage } from '../api/types';
import { useEffect, useState } from 'react';

function UnreadBadge() {
  const [unread, setUnread] = useState<number>();
  useEffect(() => {
    let stop = false;
    const load = () =>
      authed<NotificationPage>('/api/users/me/notifications?unreadOnly=true')
        .then((page) => !stop && setUnread(page.unreadCount))
        .catch(() => undefined);
    void load();
    const timer = window.setInterval(load, 15000);
    return () => {
      stop = true;
      window.clearInterval(timer);
    };
  }, []);
  if (!unread) return null;
  return (
    <span className="count" data-testid="unread-count" aria-label={`${unread} unread`}>
      {unread}
    </span>
  );
}

export function Layout() {
  const { me, isAdmin, signOut } = useAuth();
  const { count } = useCart();
  const navigate = useNavigate();
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          Bychefiza
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/">Shop</NavLink>
            </li>
            <li>
              <NavLink to="/cart">
                Cart{' '}
                <span className="count" data-testid="cart-count" aria-label={`${count} items`}>
                  {count}
                </span>
              </NavLink>
            </li>
            {me && (
              <>
                <li>
                  <NavLink to="/orders">Orders</NavLink>
                </li>
                <li>
                  <NavLink to="/notifications">
                    Notifications <UnreadBadge />
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/account">Account</NavLink>
                </li>
                {isAdmin && (
                  <li>
                    <NavLink to="/admin">Admin</NavLink>
                  </li>
                )}
                <li>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      void signOut().then(() => navigate('/'));
                    }}
                  >
                    Sign out
                  </button>
                </li>
              </>
            )}
            {me === null && (
              <>
                <li>
                  <NavLink to="/sign-in">Sign in</NavLink>
                </li>
                <li>
                  <NavLink to="/register">Register</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
