'use client';

import { useEffect, useRef, useState } from 'react';
import styles from './gate.module.css';

interface Detected {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<Detected[]>;
}
type DetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;

const detectorCtor = (): DetectorCtor | null =>
  typeof window !== 'undefined' && 'BarcodeDetector' in window
    ? ((window as unknown as { BarcodeDetector: DetectorCtor }).BarcodeDetector ?? null)
    : null;

/** Scans QR codes with the camera where the browser has BarcodeDetector; says so where it has not. */
export function CameraScanner({ onScan }: { onScan: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [supported, setSupported] = useState<boolean | null>(null);
  useEffect(() => setSupported(detectorCtor() !== null), []);

  useEffect(() => {
    const Ctor = detectorCtor();
    if (!on || !Ctor) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = '';
    let stop = false;
    const detector = new Ctor({ formats: ['qr_code'] });
    const tick = async () => {
      if (stop || !video.current) return;
      try {
        const codes = await detector.detect(video.current);
        const text = codes[0]?.rawValue;
        // The same code in front of the camera is one scan, not one per frame.
        if (text && text !== last) {
          last = text;
          onScan(text);
        }
      } catch {
        // a frame that could not be read
      }
      timer = setTimeout(tick, 300);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        if (!video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        void tick();
      })
      .catch((e: Error) => {
        setError(`Camera unavailable: ${e.message}`);
        setOn(false);
      });
    return () => {
      stop = true;
      clearTimeout(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [on, onScan]);

  if (supported === false)
    return (
      <p className={styles.hint}>This browser cannot read QR codes from the camera: type the PNR below.</p>
    );
  return (
    <div className={styles.camera}>
      {on ? <video ref={video} className={styles.video} muted playsInline aria-label="Camera" /> : null}
      <button type="button" className={styles.secondary} onClick={() => setOn((v) => !v)}>
        {on ? 'Stop camera' : 'Scan with camera'}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
