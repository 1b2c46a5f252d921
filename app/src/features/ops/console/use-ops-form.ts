'use client';

import { type FormEvent, useState } from 'react';
import { type Schema, issuesOf } from './form';
import { describeError } from './ops-api';

/**
 * A console form checked against the schema the server uses: quiet until the first submit (or `touch()`,
 * on leaving a field an operator is likely to get wrong), then re-checked on every keystroke. `submit`
 * sends only a valid value; the server's refusal lands in `failure`, or in `report` where one alert on
 * the page speaks for several forms.
 */
export function useOpsForm(schema: Schema, value: unknown, report?: (failure: string | null) => void) {
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const fail = report ?? setFailure;
  /** Shows every error from now on; true when there is none. */
  const check = () => {
    setTouched(true);
    return Object.keys(issuesOf(schema, value)).length === 0;
  };
  return {
    errors: touched ? issuesOf(schema, value) : {},
    failure,
    setFailure,
    touch: () => setTouched(true),
    /** After a successful send: the emptied form is quiet again. */
    reset: () => setTouched(false),
    check,
    submit: (send: () => Promise<void>) => async (e: FormEvent) => {
      e.preventDefault();
      if (!check()) return;
      fail(null);
      try {
        await send();
      } catch (err) {
        fail(describeError(err));
      }
    },
  };
}
