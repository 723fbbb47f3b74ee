import { Link } from 'react-router';
import type { NotificationPage } from '../api/types';
import { authed } from '../auth/session';
import { Async, FormAlert, useAsync, useSubmit } from '../components/ui';

export function NotificationsPage() {
  const list = useAsync((signal) => authed<NotificationPage>('/api/users/me/notifications', { signal }), []);
  const action = useSubmit();
  return (
    <section>
      <h1>Notifications</h1>
      <FormAlert error={action.error} />
      <Async state={list}>
        {(page) => (
          <>
            <p role="status">{page.unreadCount} unread</p>
            {page.unreadCount > 0 && (
              <button type="button" onClick={() => void action.run(async () => { await authed('/api/users/me/notifications/read-all', { method: 'POST' }); list.reload(); })}>
                Mark all as read
              </button>
            )}
            {page.items.length === 0 ? (
              <p>Nothing yet.</p>
            ) : (
              <ul className="plain notifications">
                {page.items.map((n) => (
                  <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                    <strong>{n.title}</strong> {!n.readAt && <span className="badge">New</span>}
                    <p>{n.body}</p>
                    <small>{new Date(n.createdAt).toLocaleString()}</small>{' '}
                    {n.orderId && <Link to={`/orders/${n.orderId}`}>View order</Link>}{' '}
                    {!n.readAt && (
                      <button type="button" onClick={() => void action.run(async () => { await authed(`/api/users/me/notifications/${n.id}/read`, { method: 'POST' }); list.reload(); })}>
                        Mark as read<span className="sr-only">: {n.title}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
