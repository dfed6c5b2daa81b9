// The box's Wi-Fi network as people join it: name and password rules checked once here (the
// poster now, the first-boot wizard later), and the text a phone's camera reads to join it.
import { z } from 'zod';

/** 802.11 counts a network name in bytes: an accented letter takes two of the 32. */
const fitsInSsid = (ssid: string) => Buffer.byteLength(ssid) <= 32;
// No control characters: they cannot be typed on a phone and break hostapd's config file.
const printable = /^[^\p{Cc}]*$/u;

export const wifiNetworkSchema = z.object({
  ssid: z.string().trim()
    .min(1, 'Give the network name')
    .refine(fitsInSsid, 'A network name is at most 32 bytes (an accented letter counts as two)')
    .regex(printable, 'A network name cannot hold control characters'),
  // WPA2-Personal: 8 to 63 printable ASCII characters (IEEE 802.11i); empty for an open network.
  passphrase: z.string()
    .regex(/^[\x20-\x7e]*$/, 'A Wi-Fi password uses only unaccented letters, digits, spaces and ASCII punctuation')
    .refine((passphrase) => passphrase === '' || (passphrase.length >= 8 && passphrase.length <= 63), 'A Wi-Fi password has 8 to 63 characters, or none for an open network'),
});

export type WifiNetwork = z.infer<typeof wifiNetworkSchema>;

/**
 * ISO 3166-1 alpha-2, the officially assigned codes: hostapd's country_code, which sets the radio's legal
 * channels and power (no country: the radio stays blocked). The privileged helper holds the same list.
 */
export const countryCodes: readonly string[] = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/);

/** The box's access point as the first-boot wizard sets it: the network, and the country its radio obeys. */
export const wifiSettingsSchema = wifiNetworkSchema.extend({
  country: z.string().refine((code) => countryCodes.includes(code), 'Choose the country where the box is'),
});

export type WifiSettings = z.infer<typeof wifiSettingsSchema>;

/** Backslash before the characters the WIFI: format uses as syntax. */
const escapeField = (value: string) => value.replace(/([\\;,:"])/g, '\\$1');

/** The `WIFI:` text of a join QR code, as Android and iOS cameras read it. */
export function wifiJoinText({ ssid, passphrase }: WifiNetwork): string {
  return passphrase === ''
    ? `WIFI:T:nopass;S:${escapeField(ssid)};;`
    : `WIFI:T:WPA;S:${escapeField(ssid)};P:${escapeField(passphrase)};;`;
}
