// SVG QR codes made on the server (invitation links, the Wi-Fi poster). The qrcode package is loaded at
// the first code asked for: it takes about 8 MB of memory that most of a box's life never needs.
export async function svgQrCode(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}
