'use client';

import { kioskCreateSchema, staffInviteSchema } from '@fastpass/shared';
import { type FormEvent, useState } from 'react';
import { storedUser } from '@/lib/session';
import styles from './console.module.css';
import { Alert, Field, SearchBox, invalid, issuesOf, matches } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';

/** Staff and kiosks: invite staff or operators, change a role, register and revoke station kiosks. */
export function StaffPage() {
  const { api } = useOps();
  const { data, error, reload } = useOpsData(async (a) => ({
    staff: await a.staff(),
    stations: await a.stations(),
  }));
  const [q, setQ] = useState('');
  const [invite, setInvite] = useState({ email: '', name: '', role: 'staff' as 'staff' | 'operator' });
  const [kiosk, setKiosk] = useState({ name: '', station: '' });
  const [touched, setTouched] = useState({ invite: false, kiosk: false });
  const [secret, setSecret] = useState<{ what: string; value: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const me = storedUser()?.id;
  const inviteErrors = touched.invite ? issuesOf(staffInviteSchema, invite) : {};
  const kioskErrors = touched.kiosk ? issuesOf(kioskCreateSchema, kiosk) : {};

  async function sendInvite(e: FormEvent) {
    e.preventDefault();
    setTouched({ ...touched, invite: true });
    if (Object.keys(issuesOf(staffInviteSchema, invite)).length) return;
    try {
      const r = await api.inviteStaff(invite);
      setSecret({
        what: `Invitation link for ${r.user.email} (valid until ${new Date(r.expiresAt).toLocaleDateString()})`,
        value: `${window.location.origin}/staff/accept?token=${encodeURIComponent(r.inviteToken)}`,
      });
      setInvite({ email: '', name: '', role: 'staff' });
      setTouched({ ...touched, invite: false });
      reload();
    } catch (err) {
      setFailure(describeError(err));
    }
  }

  async function addKiosk(e: FormEvent) {
    e.preventDefault();
    setTouched({ ...touched, kiosk: true });
    if (Object.keys(issuesOf(kioskCreateSchema, kiosk)).length) return;
    try {
      const r = await api.registerKiosk(kiosk);
      setSecret({
        what: `Device token for ${r.kiosk.name} at ${r.kiosk.kiosk?.station}`,
        value: r.deviceToken,
      });
      setKiosk({ name: '', station: '' });
      setTouched({ ...touched, kiosk: false });
      reload();
    } catch (err) {
      setFailure(describeError(err));
    }
  }

  return (
    <main>
      <div className={styles.header}>
        <h1>Staff and kiosks</h1>
        <SearchBox label="Search staff and kiosks" value={q} onChange={setQ} />
      </div>
      <Alert error={error ?? failure} />
      {secret ? (
        <div className={styles.note} role="status">
          <p>{secret.what}. Shown once — hand it over now:</p>
          <p>
            <code data-testid="secret">{secret.value}</code>
          </p>
        </div>
      ) : null}
      <div className={styles.grid2}>
        <section className={styles.card} aria-labelledby="invite">
          <h2 id="invite">Invite staff</h2>
          <form onSubmit={sendInvite} noValidate className={styles.formRow}>
            <Field id="inv-email" label="E-mail" error={inviteErrors.email}>
              <input
                id="inv-email"
                type="email"
                value={invite.email}
                onChange={(e) => setInvite({ ...invite, email: e.target.value })}
                {...invalid('inv-email', inviteErrors.email)}
              />
            </Field>
            <Field id="inv-name" label="Name" error={inviteErrors.name}>
              <input
                id="inv-name"
                value={invite.name}
                onChange={(e) => setInvite({ ...invite, name: e.target.value })}
                {...invalid('inv-name', inviteErrors.name)}
              />
            </Field>
            <Field id="inv-role" label="Role">
              <select
                id="inv-role"
                value={invite.role}
                onChange={(e) => setInvite({ ...invite, role: e.target.value as 'staff' | 'operator' })}
              >
                <option value="staff">Staff (ticket checker)</option>
                <option value="operator">Operator</option>
              </select>
            </Field>
            <button type="submit" className={styles.button}>
              Invite
            </button>
          </form>
        </section>
        <section className={styles.card} aria-labelledby="kiosk">
          <h2 id="kiosk">Register a kiosk</h2>
          <form onSubmit={addKiosk} noValidate className={styles.formRow}>
            <Field id="k-name" label="Kiosk name" error={kioskErrors.name}>
              <input
                id="k-name"
                value={kiosk.name}
                onChange={(e) => setKiosk({ ...kiosk, name: e.target.value })}
                {...invalid('k-name', kioskErrors.name)}
              />
            </Field>
            <Field id="k-station" label="Station" error={kioskErrors.station}>
              <select
                id="k-station"
                value={kiosk.station}
                onChange={(e) => setKiosk({ ...kiosk, station: e.target.value })}
                {...invalid('k-station', kioskErrors.station)}
              >
                <option value="">Choose a station</option>
                {(data?.stations ?? []).map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.code} {s.name}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit" className={styles.button}>
              Register kiosk
            </button>
          </form>
        </section>
      </div>
      <table className={styles.table}>
        <caption>{data ? `${data.staff.length} accounts` : 'Loading…'}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Station</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(data?.staff ?? [])
            .filter((m) => matches(q, m.name, m.email, m.role, m.kiosk?.station))
            .map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.name}</th>
                <td>
                  {m.email ?? '—'} {m.invitePending ? <span className={styles.muted}>(invited)</span> : null}
                </td>
                <td>{m.role}</td>
                <td>{m.kiosk ? `${m.kiosk.station}${m.kiosk.revoked ? ' (revoked)' : ''}` : '—'}</td>
                <td className={styles.actions}>
                  {m.kiosk ? (
                    m.kiosk.revoked ? null : (
                      <button
                        type="button"
                        className={styles.buttonDanger}
                        onClick={() =>
                          api
                            .revokeKiosk(m.kiosk!.id)
                            .then(reload)
                            .catch((e) => setFailure(describeError(e)))
                        }
                      >
                        Revoke<span className="sr-only"> {m.name}</span>
                      </button>
                    )
                  ) : (
                    <select
                      aria-label={`Role of ${m.name}`}
                      disabled={m.id === me}
                      title={m.id === me ? 'You cannot change your own role' : undefined}
                      value={m.role}
                      onChange={(e) =>
                        api
                          .setRole(m.id, e.target.value as 'passenger' | 'staff' | 'operator')
                          .then(reload)
                          .catch((err) => setFailure(describeError(err)))
                      }
                    >
                      <option value="operator">operator</option>
                      <option value="staff">staff</option>
                      <option value="passenger">passenger (remove)</option>
                    </select>
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </main>
  );
}
