'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import styles from './kiosk.module.css';

const LATIN = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'].map((r) => [...r]);
// Bangla letters in the usual order: vowels, then consonants, then vowel signs and marks.
const BANGLA = [
  [...'অআইঈউঊএঐওঔ'],
  [...'কখগঘঙচছজঝঞটঠ'],
  [...'ডঢণতথদধনপফবভ'],
  [...'মযরলশষসহড়ঢ়য়ৎ'],
  [...'ািীুূৃেৈোৌ্ংঃঁ'],
];

/**
 * Keys for typing a passenger's name at a kiosk without a physical keyboard; each key is ≥ 48 px. The
 * keys do not take focus, so the name field being typed into keeps it (and screen readers stay there).
 */
export function OnScreenKeyboard({ onKey }: { onKey: (key: string | 'Backspace') => void }) {
  const t = useTranslations('kiosk');
  const locale = useLocale();
  const [script, setScript] = useState<'latin' | 'bangla'>(locale === 'bn' ? 'bangla' : 'latin');
  const rows = script === 'bangla' ? BANGLA : LATIN;
  const press = (key: string | 'Backspace') => (e: React.PointerEvent | React.MouseEvent) => {
    e.preventDefault();
    onKey(key);
  };
  return (
    <fieldset className={styles.keyboard} data-testid="on-screen-keyboard" data-print="hide">
      <legend>{t('keyboard')}</legend>
      {rows.map((row) => (
        <div key={row.join('')} className={styles.keyRow}>
          {row.map((k) => (
            <button key={k} type="button" tabIndex={-1} onMouseDown={press(k)} data-key={k}>
              {k}
            </button>
          ))}
        </div>
      ))}
      <div className={styles.keyRow}>
        <button
          type="button"
          tabIndex={-1}
          onMouseDown={(e) => {
            e.preventDefault();
            setScript(script === 'latin' ? 'bangla' : 'latin');
          }}
        >
          {script === 'latin' ? 'অ আ' : 'A B'}
        </button>
        <button type="button" tabIndex={-1} className={styles.space} onMouseDown={press(' ')} data-key=" ">
          {t('space')}
        </button>
        <button type="button" tabIndex={-1} onMouseDown={press('-')} data-key="-">
          -
        </button>
        <button type="button" tabIndex={-1} onMouseDown={press('Backspace')} data-key="Backspace">
          ⌫ {t('backspace')}
        </button>
      </div>
    </fieldset>
  );
}
