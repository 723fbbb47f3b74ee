import { useEffect, useState, type FormEvent } from 'react';
import { assetUrl } from '../api/client';
import type { Address, Preferences, Profile } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { authed } from '../auth/session';
import { Async, Field, FormAlert, useAsync, useSubmit } from '../components/ui';

function ProfileForm({ profile, onSaved }: { profile: Profile; onSaved: (p: Profile) => void }) {
  const [values, setValues] = useState({
    displayName: profile.displayName,
    phone: profile.phone ?? '',
    bio: profile.bio ?? '',
    locale: profile.locale ?? '',
    timeZone: profile.timeZone ?? '',
  });
  const [saved, setSaved] = useState(false);
  const form = useSubmit();
  const set = (name: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [name]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void form.run(async () => {
      const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' && k !== 'displayName' ? null : v]));
      onSaved(await authed<Profile>('/api/users/me', { method: 'PUT', body }));
      setSaved(true);
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <FormAlert error={form.error} success={saved ? 'Profile saved.' : undefined} />
      <Field label="Display name" value={values.displayName} onChange={set('displayName')} error={form.fields.displayName} />
      <Field label="Phone (e.g. +14155550100)" type="tel" autoComplete="tel" value={values.phone} onChange={set('phone')} error={form.fields.phone} />
      <Field label="Bio" value={values.bio} onChange={set('bio')} error={form.fields.bio} />
      <Field label="Locale (e.g. en-US)" value={values.locale} onChange={set('locale')} error={form.fields.locale} />
      <Field label="Time zone (e.g. Europe/Paris)" value={values.timeZone} onChange={set('timeZone')} error={form.fields.timeZone} />
      <button type="submit" disabled={form.busy}>
        Save profile
      </button>
    </form>
  );
}

function PreferencesForm({ initial }: { initial: Preferences }) {
  const [p, setP] = useState(initial);
  const [saved, setSaved] = useState(false);
  const form = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void form.run(async () => {
      setP(await authed<Preferences>('/api/users/me/preferences', { method: 'PUT', body: p }));
      setSaved(true);
    });
  };
  const updates = p.notifications.orderUpdates;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="prefs-heading">
      <h2 id="prefs-heading">Preferences</h2>
      <FormAlert error={form.error} success={saved ? 'Preferences saved.' : undefined} />
      <Field label="Currency (ISO 4217)" value={p.currency} onChange={(e) => setP({ ...p, currency: e.target.value })} error={form.fields.currency} />
      <Field label="Language" value={p.language} onChange={(e) => setP({ ...p, language: e.target.value })} error={form.fields.language} />
      <Field label="Marketing emails" type="checkbox" checked={p.marketingEmails} onChange={(e) => setP({ ...p, marketingEmails: e.target.checked })} />
      <Field
        label="Order updates in the app"
        type="checkbox"
        checked={updates.inApp}
        onChange={(e) => setP({ ...p, notifications: { orderUpdates: { ...updates, inApp: e.target.checked } } })}
        error={form.fields['notifications.orderUpdates.inApp']}
      />
      <Field
        label="Order updates by email"
        type="checkbox"
        checked={updates.email}
        onChange={(e) => setP({ ...p, notifications: { orderUpdates: { ...updates, email: e.target.checked } } })}
        error={form.fields['notifications.orderUpdates.email']}
      />
      <button type="submit" disabled={form.busy}>
        Save preferences
      </button>
    </form>
  );
}

const blankAddress = { label: '', fullName: '', line1: '', line2: '', city: '', postalCode: '', country: '', phone: '', isDefaultShipping: false };

function AddressBook() {
  const list = useAsync((signal) => authed<Address[]>('/api/users/me/addresses', { signal }), []);
  const [draft, setDraft] = useState(blankAddress);
  const [editing, setEditing] = useState<string | null>(null);
  const form = useSubmit();
  const set = (name: keyof typeof blankAddress) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDraft({ ...draft, [name]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v === '' ? null : v]));
      await authed(editing ? `/api/users/me/addresses/${editing}` : '/api/users/me/addresses', { method: editing ? 'PUT' : 'POST', body });
      setDraft(blankAddress);
      setEditing(null);
      list.reload();
    });
  };
  return (
    <section aria-labelledby="addresses-heading">
      <h2 id="addresses-heading">Addresses</h2>
      <Async state={list}>
        {(addresses) => (
          <ul className="plain">
            {addresses.map((a) => (
              <li key={a.id}>
                {a.label && <strong>{a.label}: </strong>}
                {a.fullName}, {a.line1}, {a.city} {a.postalCode}, {a.country} {a.isDefaultShipping && <span className="badge">Default</span>}{' '}
                <button
                  type="button"
                  onClick={() => {
                    setEditing(a.id);
                    setDraft({ ...blankAddress, ...Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v ?? ''])), isDefaultShipping: a.isDefaultShipping });
                  }}
                >
                  Edit<span className="sr-only"> {a.line1}</span>
                </button>{' '}
                <button type="button" onClick={() => void form.run(async () => { await authed(`/api/users/me/addresses/${a.id}`, { method: 'DELETE' }); list.reload(); })}>
                  Delete<span className="sr-only"> {a.line1}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Async>
      <form onSubmit={submit} noValidate>
        <h3>{editing ? 'Edit address' : 'Add an address'}</h3>
        <FormAlert error={form.error} />
        <div className="grid-form">
          <Field label="Label (optional)" value={draft.label} onChange={set('label')} error={form.fields.label} />
          <Field label="Full name" value={draft.fullName} onChange={set('fullName')} error={form.fields.fullName} />
          <Field label="Address line 1" value={draft.line1} onChange={set('line1')} error={form.fields.line1} />
          <Field label="Address line 2 (optional)" value={draft.line2} onChange={set('line2')} error={form.fields.line2} />
          <Field label="City" value={draft.city} onChange={set('city')} error={form.fields.city} />
          <Field label="Postal code" value={draft.postalCode} onChange={set('postalCode')} error={form.fields.postalCode} />
          <Field label="Country (2-letter code)" value={draft.country} onChange={set('country')} error={form.fields.country} />
          <Field label="Phone (optional)" value={draft.phone} onChange={set('phone')} error={form.fields.phone} />
          <Field label="Default shipping address" type="checkbox" checked={draft.isDefaultShipping} onChange={set('isDefaultShipping')} />
        </div>
        <button type="submit" disabled={form.busy}>
          {editing ? 'Save address' : 'Add address'}
        </button>
        {editing && (
          <button type="button" onClick={() => { setEditing(null); setDraft(blankAddress); }}>
            Cancel
          </button>
        )}
      </form>
    </section>
  );
}

function Avatar({ profile }: { profile: Profile }) {
  const [version, setVersion] = useState(profile.hasAvatar ? Date.parse(profile.updatedAt) : 0);
  const form = useSubmit();
  const [file, setFile] = useState<File | null>(null);
  return (
    <section aria-labelledby="avatar-heading">
      <h2 id="avatar-heading">Avatar</h2>
      {version > 0 && <img src={assetUrl(`/api/users/${profile.userId}/avatar?v=${version}`)} alt="Your avatar" width="96" height="96" className="avatar" />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          void form.run(async () => {
            const data = new FormData();
            data.append('file', file);
            await authed('/api/users/me/avatar', { method: 'PUT', body: data });
            setVersion(Date.now());
          });
        }}
      >
        <FormAlert error={form.error ?? form.fields.file} />
        <div className="field">
          <label htmlFor="avatar-file">Picture (PNG, JPEG or WebP, at most 2 MB)</label>
          <input id="avatar-file" type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <button type="submit" disabled={!file || form.busy}>
          Upload
        </button>
        {version > 0 && (
          <button type="button" onClick={() => void form.run(async () => { await authed('/api/users/me/avatar', { method: 'DELETE' }); setVersion(0); })}>
            Remove avatar
          </button>
        )}
      </form>
    </section>
  );
}

export function AccountPage() {
  const { me } = useAuth();
  // The profile appears about a second after registration (an event makes it): retry a few times on 404.
  const profile = useAsync(async (signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await authed<Profile>('/api/users/me', { signal });
      } catch (e) {
        if (attempt >= 5 || !(e && typeof e === 'object' && 'status' in e && e.status === 404)) throw e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }, []);
  const prefs = useAsync((signal) => authed<Preferences>('/api/users/me/preferences', { signal }), []);
  const [, force] = useState(0);
  useEffect(() => undefined, []);
  return (
    <section className="account">
      <h1>Your account</h1>
      <p className="muted">
        Signed in as {me?.email} {me && !me.emailVerified && <strong>(email not verified yet)</strong>}
      </p>
      <Async state={profile}>
        {(p) => (
          <>
            <ProfileForm profile={p} onSaved={(next) => { profile.setData(next); force((n) => n + 1); }} />
            <Avatar profile={p} />
          </>
        )}
      </Async>
      <Async state={prefs}>{(p) => <PreferencesForm initial={p} />}</Async>
      <AddressBook />
    </section>
  );
}
