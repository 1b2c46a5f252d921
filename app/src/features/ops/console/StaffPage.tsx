'use client';

import { kioskCreateSchema, staffInviteSchema } from '@fastpass/shared';
import { useState } from 'react';
import { storedUser } from '@/lib/session';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert, InputField, SearchBox, SelectField, matches } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable, counted } from './OpsTable';
import { PageHeader } from './PageHeader';
import { useOpsForm } from './use-ops-form';

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
  const [secret, setSecret] = useState<{ what: string; value: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const me = storedUser()?.id;
  // One alert for the page: both forms and the table's actions report to it.
  const inviteForm = useOpsForm(staffInviteSchema, invite, setFailure);
  const kioskForm = useOpsForm(kioskCreateSchema, kiosk, setFailure);
  const inviteErrors = inviteForm.errors;
  const kioskErrors = kioskForm.errors;

  const sendInvite = inviteForm.submit(async () => {
    const r = await api.inviteStaff(invite);
    setSecret({
      what: `Invitation link for ${r.user.email} (valid until ${new Date(r.expiresAt).toLocaleDateString()})`,
      value: `${window.location.origin}/staff/accept?token=${encodeURIComponent(r.inviteToken)}`,
    });
    setInvite({ email: '', name: '', role: 'staff' });
    inviteForm.reset();
    reload();
  });

  const addKiosk = kioskForm.submit(async () => {
    const r = await api.registerKiosk(kiosk);
    setSecret({
      what: `Device token for ${r.kiosk.name} at ${r.kiosk.kiosk?.station}`,
      value: r.deviceToken,
    });
    setKiosk({ name: '', station: '' });
    kioskForm.reset();
    reload();
  });

  return (
    <main>
      <PageHeader title="Staff and kiosks">
        <SearchBox label="Search staff and kiosks" value={q} onChange={setQ} />
      </PageHeader>
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
        <Card id="invite" title="Invite staff">
          <form onSubmit={sendInvite} noValidate className={styles.formRow}>
            <InputField
              id="inv-email"
              label="E-mail"
              error={inviteErrors.email}
              type="email"
              value={invite.email}
              onValue={(email) => setInvite({ ...invite, email })}
            />
            <InputField
              id="inv-name"
              label="Name"
              error={inviteErrors.name}
              value={invite.name}
              onValue={(name) => setInvite({ ...invite, name })}
            />
            <SelectField
              id="inv-role"
              label="Role"
              value={invite.role}
              onValue={(role) => setInvite({ ...invite, role: role as 'staff' | 'operator' })}
            >
              <option value="staff">Staff (ticket checker)</option>
              <option value="operator">Operator</option>
            </SelectField>
            <button type="submit" className={styles.button}>
              Invite
            </button>
          </form>
        </Card>
        <Card id="kiosk" title="Register a kiosk">
          <form onSubmit={addKiosk} noValidate className={styles.formRow}>
            <InputField
              id="k-name"
              label="Kiosk name"
              error={kioskErrors.name}
              value={kiosk.name}
              onValue={(name) => setKiosk({ ...kiosk, name })}
            />
            <SelectField
              id="k-station"
              label="Station"
              error={kioskErrors.station}
              value={kiosk.station}
              onValue={(station) => setKiosk({ ...kiosk, station })}
            >
              <option value="">Choose a station</option>
              {(data?.stations ?? []).map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code} {s.name}
                </option>
              ))}
            </SelectField>
            <button type="submit" className={styles.button}>
              Register kiosk
            </button>
          </form>
        </Card>
      </div>
      <OpsTable
        caption={counted(data?.staff, (n) => `${n} accounts`)}
        columns={['Name', 'E-mail', 'Role', 'Station', 'Actions']}
      >
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
      </OpsTable>
    </main>
  );
}
