import { describe, expect, it } from 'vitest';
import { maskPhone, normaliseBdPhone, phoneIdentity } from './phone';

describe('normaliseBdPhone', () => {
  it.each([
    '01712345678',
    '01712-345678',
    '8801712345678',
    '+8801712345678',
    '+880 1712 345678',
    '00880 1712-345678',
    '(+880) 1712345678',
    '1712345678',
  ])('%s → +8801712345678', (raw) => {
    expect(normaliseBdPhone(raw)).toBe('+8801712345678');
  });
  it.each([
    '',
    '0171234567', // one digit short
    '017123456789', // one too many
    '01212345678', // 012 is not a mobile operator
    '+9101712345678', // another country
    '+8802712345678', // a Dhaka landline
    '0171234567a',
    '+88017123+45678',
  ])('refuses %j', (raw) => {
    expect(normaliseBdPhone(raw)).toBeNull();
  });
});

describe('maskPhone / phoneIdentity', () => {
  it('masks all but the prefix and the last four digits', () => {
    expect(maskPhone('+8801712345678')).toBe('+8801•••••5678');
  });
  it('is one stable hash per phone', () => {
    expect(phoneIdentity('+8801712345678')).toMatch(/^ph:[0-9a-f]{64}$/);
    expect(phoneIdentity('+8801712345678')).toBe(phoneIdentity('+8801712345678'));
    expect(phoneIdentity('+8801712345679')).not.toBe(phoneIdentity('+8801712345678'));
  });
});
