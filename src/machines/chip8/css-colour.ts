/**
 * CSS colours as Octo accepts them (it hands option strings to the
 * canvas as they are): the named colours (the table comes from the
 * `color-name` package), `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, and
 * `rgb()` / `rgba()` with numbers or percentages, comma- or
 * space-separated. Alpha is read and dropped: the picture is opaque.
 */
import colorNames from "color-name";

const byte = (text: string): number | undefined => {
  const t = text.trim();
  const percent = /^(\d+(?:\.\d+)?|\.\d+)%$/.exec(t);
  const value = percent !== null ? (Number(percent[1]) * 255) / 100 : /^(\d+(?:\.\d+)?|\.\d+)$/.test(t) ? Number(t) : NaN;
  return Number.isFinite(value) ? Math.round(Math.min(255, Math.max(0, value))) : undefined;
};

function fromHex(hex: string): number | undefined {
  if (!/^[0-9a-f]+$/i.test(hex)) return undefined;
  // #rgb and #rgba repeat each digit; the alpha digits are dropped
  const digits = hex.length === 3 || hex.length === 4 ? hex.slice(0, 3).replace(/./g, (d) => d + d)
    : hex.length === 6 || hex.length === 8 ? hex.slice(0, 6) : undefined;
  return digits === undefined ? undefined : parseInt(digits, 16);
}

function fromRgb(args: string): number | undefined {
  // rgb(1, 2, 3), rgb(1 2 3), rgb(1 2 3 / 50%), rgba(1, 2, 3, 0.5)
  const [channels] = args.split("/");
  const parts = channels!.includes(",") ? channels!.split(",") : channels!.trim().split(/\s+/);
  if (parts.length !== 3 && parts.length !== 4) return undefined;
  const rgb = parts.slice(0, 3).map(byte);
  if (rgb.some((c) => c === undefined)) return undefined;
  return (rgb[0]! << 16) | (rgb[1]! << 8) | rgb[2]!;
}

/** A CSS colour as 0xFFRRGGBB, or undefined when it is not one. */
export function parseCssColour(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  let rgb: number | undefined;
  if (t.startsWith("#")) rgb = fromHex(t.slice(1));
  else if (Object.hasOwn(colorNames, t)) {
    const [r, g, b] = colorNames[t as keyof typeof colorNames];
    rgb = (r << 16) | (g << 8) | b;
  } else {
    const call = /^rgba?\((.*)\)$/.exec(t);
    if (call !== null) rgb = fromRgb(call[1]!);
  }
  return rgb === undefined ? undefined : (0xff000000 | rgb) >>> 0;
}
