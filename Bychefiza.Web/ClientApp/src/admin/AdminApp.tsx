import { NavLink, Route, Routes } from 'react-router';
import { Dashboard } from './Dashboard';
import { AdminProducts } from './Products';
import { AdminCategories, AdminPromotions } from './Catalog';
import { AdminOrders, DeadLetters } from './Orders';
import { AdminUsers } from './Users';

/** /admin: shown to admins only (RequireAuth admin); every call is checked again by the gateway and the services. */
export function AdminApp() {
  return (
    <div className="admin">
      <nav aria-label="Administration" className="admin-nav">
        <ul>
          <li><NavLink end to="/admin">Dashboard</NavLink></li>
          <li><NavLink to="/admin/products">Products</NavLink></li>
          <li><NavLink to="/admin/categories">Categories</NavLink></li>
          <li><NavLink to="/admin/promotions">Promotions</NavLink></li>
          <li><NavLink to="/admin/orders">Orders</NavLink></li>
          <li><NavLink to="/admin/dead-letters">Dead letters</NavLink></li>
          <li><NavLink to="/admin/users">Users</NavLink></li>
        </ul>
      </nav>
      <div className="admin-body">
        <Routes>
          <Route index element={<Dashboard />} />
          <Route path="products" element={<AdminProducts />} />
          <Route path="categories" element={<AdminCategories />} />
          <Route path="promotions" element={<AdminPromotions />} />
          <Route path="orders" element={<AdminOrders />} />
          <Route path="dead-letters" element={<DeadLetters />} />
          <Route path="users" element={<AdminUsers />} />
        </Routes>
      </div>
    </div>
  );
}
