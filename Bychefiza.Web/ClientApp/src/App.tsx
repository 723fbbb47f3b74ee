import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { lazy, Suspense, type ReactNode } from 'react';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { CartProvider } from './cart/CartContext';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { Catalog } from './pages/Catalog';
import { ProductPage } from './pages/ProductPage';
import { CartPage } from './pages/CartPage';
import { Checkout } from './pages/Checkout';
import { OrderPage, OrdersPage } from './pages/Orders';
import { ForgotPassword, Register, ResetPassword, SignIn, VerifyEmail } from './pages/AuthPages';
import { AccountPage } from './pages/Account';
import { NotificationsPage } from './pages/Notifications';

// The admin area and its chart library load only for admins.
const AdminApp = lazy(() => import('./admin/AdminApp').then((m) => ({ default: m.AdminApp })));

export function RequireAuth({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const { me, isAdmin } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Loading label="Checking your session…" />;
  if (me === null) return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (admin && !isAdmin)
    return (
      <section>
        <h1>Not allowed</h1>
        <p role="alert">This area is for administrators.</p>
      </section>
    );
  return <>{children}</>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Catalog />} />
        <Route path="products/:id" element={<ProductPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route path="sign-in" element={<SignIn />} />
        <Route path="register" element={<Register />} />
        <Route path="verify-email" element={<VerifyEmail />} />
        <Route path="forgot-password" element={<ForgotPassword />} />
        <Route path="reset-password" element={<ResetPassword />} />
        <Route path="checkout" element={<RequireAuth><Checkout /></RequireAuth>} />
        <Route path="orders" element={<RequireAuth><OrdersPage /></RequireAuth>} />
        <Route path="orders/:id" element={<RequireAuth><OrderPage /></RequireAuth>} />
        <Route path="account" element={<RequireAuth><AccountPage /></RequireAuth>} />
        <Route path="notifications" element={<RequireAuth><NotificationsPage /></RequireAuth>} />
        <Route path="admin/*" element={<RequireAuth admin><Suspense fallback={<Loading />}><AdminApp /></Suspense></RequireAuth>} />
        <Route path="*" element={<section><h1>Not found</h1><p>There is no page here.</p></section>} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <CartProvider>
          <AppRoutes />
        </CartProvider>
      </AuthProvider>
    </BrowserRouter>
  );
}
