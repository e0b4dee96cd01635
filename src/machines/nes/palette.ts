/**
 * A standard 2C02 palette: the 64 colours as 0xRRGGBB (the NESdev wiki's
 * "PPU palettes" page gives a generated NTSC palette of this kind), and the
 * eight emphasis variants: each emphasised channel keeps full strength and
 * the others are dimmed (by about 18%, as the wiki describes the
 * attenuation), all emphasis bits together dimming everything.
 */
const BASE = [
  0x666666, 0x002a88, 0x1412a7, 0x3b00a4, 0x5c007e, 0x6e0040, 0x6c0600, 0x561d00,
  0x333500, 0x0b4800, 0x005200, 0x004f08, 0x00404d, 0x000000, 0x000000, 0x000000,
  0xadadad, 0x155fd9, 0x4240ff, 0x7527fe, 0xa01acc, 0xb71e7b, 0xb53120, 0x994e00,
  0x6b6d00, 0x388700, 0x0c9300, 0x008f32, 0x007c8d, 0x000000, 0x000000, 0x000000,
  0xfffeff, 0x64b0ff, 0x9290ff, 0xc676ff, 0xf36aff, 0xfe6ecc, 0xfe8170, 0xea9e22,
  0xbcbe00, 0x88d800, 0x5ce430, 0x45e082, 0x48cdde, 0x4f4f4f, 0x000000, 0x000000,
  0xfffeff, 0xc0dfff, 0xd3d2ff, 0xe8c8ff, 0xfbc2ff, 0xfec4ea, 0xfeccc5, 0xf7d8a5,
  0xe4e594, 0xcfef96, 0xbdf4ab, 0xb3f3cc, 0xb5ebf2, 0xb8b8b8, 0x000000, 0x000000,
];

const DIM = 0.816;

/** 512 entries, index | emphasis << 6 (emphasis bits: 0 red, 1 green, 2 blue), as 0xAARRGGBB. */
export const PALETTE_ARGB: Uint32Array = (() => {
  const out = new Uint32Array(512);
  for (let e = 0; e < 8; e++) {
    for (let c = 0; c < 64; c++) {
      const rgb = BASE[c]!;
      let r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
      if (e !== 0 && (c & 0x0f) < 0x0e) {
        if (!(e & 1)) r *= DIM;
        if (!(e & 2)) g *= DIM;
        if (!(e & 4)) b *= DIM;
        if (e === 7) { r *= DIM; g *= DIM; b *= DIM; }
      }
      out[c | (e << 6)] = (0xff000000 | (Math.round(r) << 16) | (Math.round(g) << 8) | Math.round(b)) >>> 0;
    }
  }
  return out;
})();
