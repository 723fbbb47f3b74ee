import { useSearchParams } from 'react-router';
import { query } from '../api/client';
import type { Account, Page } from '../api/types';
import { authed } from '../auth/session';
import { Async, FormAlert, Pager, useAsync, useSubmit } from '../components/ui';

export function AdminUsers() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const accounts = useAsync((signal) => authed<Page<Account>>(`/api/auth/users${query({ search, page, pageSize: 20 })}`, { signal }), [search, page]);
  const action = useSubmit();
  const run = (path: string, method: string, body?: unknown) =>
    void action.run(async () => {
      await authed(path, { method, body });
      accounts.reload();
    });
  return (
    <section>
      <h1>Users</h1>
      <div className="field">
        <label htmlFor="user-search">Search by name or email</label>
        <input id="user-search" type="search" defaultValue={search} onChange={(e) => setParams(e.target.value ? { search: e.target.value } : {}, { replace: true })} />
      </div>
      <FormAlert error={action.error} />
      <Async state={accounts}>
        {(result) => (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Verified</th>
                  <th scope="col">Admin</th>
                  <th scope="col">Locked</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((a) => {
                  const admin = a.roles.includes('admin');
                  const locked = !!a.lockedUntil && Date.parse(a.lockedUntil) > Date.now();
                  return (
                    <tr key={a.userId}>
                      <td>{a.email}</td>
                      <td>{a.displayName}</td>
                      <td>{a.emailVerified ? 'yes' : 'no'}</td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${a.email} is an admin`}
                          checked={admin}
                          onChange={() => run(`/api/auth/users/${a.userId}/roles`, 'PUT', { roles: admin ? ['customer'] : ['customer', 'admin'] })}
                        />
                      </td>
                      <td>
                        {locked ? (
                          <button type="button" onClick={() => run(`/api/auth/users/${a.userId}/unlock`, 'POST')}>
                            Unlock<span className="sr-only"> {a.email}</span>
                          </button>
                        ) : (
                          <button type="button" className="danger" onClick={() => run(`/api/auth/users/${a.userId}/lock`, 'POST')}>
                            Lock<span className="sr-only"> {a.email}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <Pager page={result.page} pageSize={result.pageSize} total={result.totalCount} onPage={(n) => setParams({ ...(search ? { search } : {}), page: String(n) })} />
          </>
        )}
      </Async>
    </section>
  );
}
