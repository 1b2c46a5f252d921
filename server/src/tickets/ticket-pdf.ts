import type { Order } from '@fastpass/shared';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

const A4: [number, number] = [595.28, 841.89];
const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toFixed(2)}`;
// The standard PDF fonts speak WinAnsi only: anything else (Bangla names) is shown as '?'.
const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

/** A printable PDF of a confirmed order: one block per passenger with their signed QR code. */
export async function ticketPdf(order: Order): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`FastPass ticket ${order.pnr}`);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage(A4);
  let y = A4[1] - 60;
  const text = (s: string, x: number, size = 11, f = font) =>
    page.drawText(ascii(s), { x, y, size, font: f });

  text('FastPass e-ticket', 50, 20, bold);
  y -= 28;
  text(`PNR ${order.pnr}`, 50, 16, bold);
  text(order.status.toUpperCase(), 420, 12, bold);
  y -= 22;
  text(`${order.trainName ?? ''} #${order.trainNumber ?? ''}  ${order.date ?? ''}`, 50);
  y -= 16;
  text(`${order.from} ${order.departsAt ?? ''}  ->  ${order.to} ${order.arrivesAt ?? ''}`, 50);
  y -= 16;
  text(
    `Total ${money(order.total, order.currency)}${order.refunded ? `, refunded ${money(order.refunded, order.currency)}` : ''}`,
    50,
  );
  y -= 30;

  for (const t of order.tickets) {
    if (y < 200) {
      page = doc.addPage(A4);
      y = A4[1] - 60;
    }
    page.drawRectangle({
      x: 45,
      y: y - 150,
      width: 505,
      height: 165,
      borderColor: rgb(0, 0, 0),
      borderWidth: 1,
    });
    text(t.passengerName, 60, 14, bold);
    y -= 20;
    text(`Coach ${t.coach ?? ''}  Seat ${t.seatId}  ${t.class ?? ''}`, 60);
    y -= 16;
    text(`Fare ${money(t.fare, order.currency)}`, 60);
    y -= 16;
    if (t.cancelled) text('CANCELLED - not valid for travel', 60, 12, bold);
    if (t.qr) {
      const png = await QRCode.toBuffer(t.qr, { errorCorrectionLevel: 'M', margin: 1, width: 300 });
      const img = await doc.embedPng(png);
      page.drawImage(img, { x: 400, y: y - 95, width: 135, height: 135 });
    }
    y -= 150;
  }
  return doc.save();
}
