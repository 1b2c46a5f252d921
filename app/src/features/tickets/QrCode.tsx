'use client';

import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of the given text, drawn as an <img> data URL. */
export function QrCode({ text, label, size = 220 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    QRCode.toDataURL(text, { width: size, margin: 1, errorCorrectionLevel: 'M' })
      .then((url) => {
        if (alive) setSrc(url);
      })
      .catch(() => setSrc(null));
    return () => {
      alive = false;
    };
  }, [text, size]);
  return src ? <img src={src} alt={label} width={size} height={size} data-testid="qr" /> : null;
}
