import sharp from 'sharp';
import { Rng, subSeed } from './rng.js';

/**
 * Generated album covers: each style pairs one layout with one palette family,
 * so covers of a style look alike (same composition, neighbouring hues) while
 * covers of different styles differ in both structure and colour. Everything
 * is drawn in plain typed arrays and encoded by sharp: no fonts, no network.
 */

export const COVER_STYLES = ['sunset', 'ocean', 'neon', 'forest', 'mono', 'pop', 'pastel', 'rust'] as const;
export type CoverStyle = (typeof COVER_STYLES)[number];
export type CoverFormat = 'jpeg' | 'png';

export interface CoverOptions {
  /** JPEG quality 1..100 (default 90, what most rippers and stores use). */
  readonly quality?: number;
  /** Film-grain amplitude in 0..1 units; defaults to the style's own. More grain, bigger JPEG. */
  readonly grain?: number;
}

type Rgb = readonly [number, number, number];
type Layout = (canvas: Canvas, rng: Rng, palette: readonly Rgb[]) => void;

interface StyleSpec {
  readonly layout: Layout;
  /** Centre hue of the family in degrees, how far one cover may move it, and the spread across its colours. */
  readonly hue: number;
  readonly hueJitter: number;
  readonly hueSpread: number;
  /** Explicit hue offsets from the centre, one per colour, instead of an even spread. */
  readonly hueOffsets?: readonly number[];
  readonly saturation: readonly [number, number];
  readonly lightness: readonly [number, number];
  readonly colours: number;
  readonly grain: number;
}

/** Pixel buffer of (gamma-encoded) sRGB values in 0..1, three floats per pixel, row-major. */
class Canvas {
  readonly data: Float32Array;

  constructor(readonly size: number) {
    this.data = new Float32Array(size * size * 3);
  }

  /** Blends colour c over pixel index p (in pixels) with opacity a. */
  mix(p: number, c: Rgb, a: number): void {
    const i = p * 3;
    const d = this.data;
    d[i] += (c[0] - d[i]) * a;
    d[i + 1] += (c[1] - d[i + 1]) * a;
    d[i + 2] += (c[2] - d[i + 2]) * a;
  }

  add(p: number, c: Rgb, k: number): void {
    const i = p * 3;
    const d = this.data;
    d[i] += c[0] * k;
    d[i + 1] += c[1] * k;
    d[i + 2] += c[2] * k;
  }

  fill(c: Rgb): void {
    for (let i = 0; i < this.data.length; i += 3) {
      this.data[i] = c[0];
      this.data[i + 1] = c[1];
      this.data[i + 2] = c[2];
    }
  }

  /** Linear gradient from c0 to c1 along the direction `angle` (radians). */
  gradient(c0: Rgb, c1: Rgb, angle: number): void {
    const n = this.size;
    const ux = Math.cos(angle) / n;
    const uy = Math.sin(angle) / n;
    const offset = 0.5 - 0.5 * (n * ux + n * uy);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const t = clamp01(x * ux + y * uy + offset);
        const i = (y * n + x) * 3;
        this.data[i] = c0[0] + (c1[0] - c0[0]) * t;
        this.data[i + 1] = c0[1] + (c1[1] - c0[1]) * t;
        this.data[i + 2] = c0[2] + (c1[2] - c0[2]) * t;
      }
    }
  }

  /** Anti-aliased filled disc: coverage ramps over one pixel at the rim. */
  disc(cx: number, cy: number, r: number, c: Rgb, alpha: number): void {
    const n = this.size;
    const y0 = Math.max(0, Math.floor(cy - r - 1));
    const y1 = Math.min(n - 1, Math.ceil(cy + r + 1));
    const x0 = Math.max(0, Math.floor(cx - r - 1));
    const x1 = Math.min(n - 1, Math.ceil(cx + r + 1));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = dist(x + 0.5 - cx, y + 0.5 - cy);
        const coverage = clamp01(r - d + 0.5);
        if (coverage > 0) this.mix(y * n + x, c, coverage * alpha);
      }
    }
  }

  rect(x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
    const n = this.size;
    const ya = Math.max(0, Math.round(y0));
    const yb = Math.min(n, Math.round(y1));
    const xa = Math.max(0, Math.round(x0));
    const xb = Math.min(n, Math.round(x1));
    for (let y = ya; y < yb; y++) {
      for (let x = xa; x < xb; x++) this.mix(y * n + x, c, 1);
    }
  }

  /**
   * Quantises to 8-bit RGB while adding film grain: triangular noise of the
   * given amplitude on luminance plus a weaker chroma part. Grain is what
   * gives real scans their JPEG size; a xorshift32 stream (Marsaglia 2003)
   * inline here because this pass touches every byte.
   */
  toBytes(seed: number, amplitude: number): Buffer {
    const d = this.data;
    const out = new Uint8ClampedArray(d.length);
    let state = seed | 1;
    for (let i = 0; i < d.length; i += 3) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const g = ((state & 0xff) + ((state >>> 8) & 0xff) - 255) * amplitude;
      const chroma = (((state >>> 16) & 0xff) - 127.5) * amplitude * 0.5;
      out[i] = d[i] * 255 + g + chroma;
      out[i + 1] = d[i + 1] * 255 + g;
      out[i + 2] = d[i + 2] * 255 + g - chroma;
    }
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }
}

/**
 * Value noise on a periodic lattice with smoothstep interpolation, summed over
 * octaves (fractional Brownian motion, Perlin 1985 "An image synthesizer").
 * Lattice sides are powers of two so wrapping is a bit mask.
 */
class FractalNoise {
  /** All octaves' lattices back to back; octave o has side baseSide << o. */
  private readonly lattice: Float32Array;

  constructor(rng: Rng, private readonly log2Side: number, private readonly octaves: number) {
    let total = 0;
    for (let o = 0; o < octaves; o++) total += 1 << (2 * (log2Side + o));
    this.lattice = new Float32Array(total);
    for (let i = 0; i < total; i++) this.lattice[i] = rng.next();
  }

  /** Noise at (u, v), periodic with period 1, result in [0, 1]. */
  at(u: number, v: number): number {
    const lattice = this.lattice;
    let sum = 0;
    let amplitude = 0.5;
    let norm = 0;
    let base = 0;
    for (let o = 0; o < this.octaves; o++) {
      const shift = this.log2Side + o;
      const side = 1 << shift;
      const mask = side - 1;
      const fx = u * side;
      const fy = v * side;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      const tx = smooth(fx - ix);
      const ty = smooth(fy - iy);
      const x0 = ix & mask;
      const x1 = (ix + 1) & mask;
      const r0 = base + ((iy & mask) << shift);
      const r1 = base + (((iy + 1) & mask) << shift);
      const a = lattice[r0 + x0];
      const b = lattice[r0 + x1];
      const c = lattice[r1 + x0];
      const d = lattice[r1 + x1];
      sum += amplitude * (a + (b - a) * tx + (c - a + (d - c - b + a) * tx) * ty);
      norm += amplitude;
      amplitude *= 0.5;
      base += side * side;
    }
    return sum / norm;
  }
}

/** Retro sunset: sky gradient, a big sun cut by widening horizontal slats, a dark horizon band. */
const sunsetLayout: Layout = (canvas, rng, palette) => {
  const n = canvas.size;
  canvas.gradient(palette[0], palette[1], Math.PI / 2 + rng.range(-0.15, 0.15));
  const cx = n * rng.range(0.3, 0.7);
  const cy = n * rng.range(0.35, 0.58);
  const r = n * rng.range(0.16, 0.32);
  const slats = rng.int(4, 7);
  for (let y = Math.max(0, Math.floor(cy - r - 1)); y < Math.min(n, Math.ceil(cy + r + 1)); y++) {
    const t = clamp01((y - (cy - r)) / (2 * r));
    const shade = lerpRgb(palette[2], palette[3], t);
    // Below the sun's centre every slat period opens a gap that widens towards the horizon.
    const below = (y - cy) / r;
    const phase = below * slats;
    if (below > 0.05 && phase - Math.floor(phase) < 0.1 + 0.4 * below) continue;
    for (let x = 0; x < n; x++) {
      const d = dist(x + 0.5 - cx, y + 0.5 - cy);
      const coverage = clamp01(r - d + 0.5);
      if (coverage > 0) canvas.mix(y * n + x, shade, coverage);
    }
  }
  const horizon = Math.round(n * rng.range(0.72, 0.82));
  const ground = darker(palette[0], 0.55);
  for (let y = horizon; y < n; y++) {
    const line = (y - horizon) % Math.max(3, Math.round((y - horizon + 8) / 4)) === 0;
    for (let x = 0; x < n; x++) canvas.mix(y * n + x, line ? palette[3] : ground, line ? 0.5 : 0.9);
  }
};

/** Ocean: wavy stripes at an angle, soft one-pixel edges between bands. */
const oceanLayout: Layout = (canvas, rng, palette) => {
  const n = canvas.size;
  const angle = rng.range(-0.5, 0.2);
  const period = n / rng.range(6, 12);
  const waveLength = n / rng.range(1.5, 3.5);
  const amplitude = period * rng.range(0.3, 1.2);
  const phase = rng.range(0, 2 * Math.PI);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const edge = 1 / period;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const along = x * cos + y * sin;
      const across = -x * sin + y * cos;
      const t = (across + amplitude * Math.sin((2 * Math.PI * along) / waveLength + phase)) / period;
      const band = Math.floor(t);
      const f = t - band;
      const k = ((band % palette.length) + palette.length) % palette.length;
      const p = y * n + x;
      const i = p * 3;
      const c = palette[k];
      canvas.data[i] = c[0];
      canvas.data[i + 1] = c[1];
      canvas.data[i + 2] = c[2];
      if (f < edge) canvas.mix(p, palette[(k + palette.length - 1) % palette.length], 1 - f / edge);
    }
  }
};

const GLOW_STEPS = 4;

/** Smooth fields are evaluated every FIELD_STEP pixels and interpolated bilinearly in between. */
const FIELD_STEP = 3;

/** An n × n field f(u, v), u and v in [0, 1), from samples on a coarse grid. */
function sampleField(n: number, f: (u: number, v: number) => number): Float32Array {
  const side = Math.ceil(n / FIELD_STEP) + 1;
  const coarse = new Float32Array(side * side);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) coarse[j * side + i] = f((i * FIELD_STEP) / n, (j * FIELD_STEP) / n);
  }
  const out = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    const j = Math.floor(y / FIELD_STEP);
    const ty = (y - j * FIELD_STEP) / FIELD_STEP;
    for (let x = 0; x < n; x++) {
      const i = Math.floor(x / FIELD_STEP);
      const tx = (x - i * FIELD_STEP) / FIELD_STEP;
      const a = coarse[j * side + i];
      const b = coarse[j * side + i + 1];
      const c = coarse[(j + 1) * side + i];
      const d = coarse[(j + 1) * side + i + 1];
      out[y * n + x] = a + (b - a) * tx + (c - a + (d - c - b + a) * tx) * ty;
    }
  }
  return out;
}

/** Neon: near-black ground with glowing concentric rings (Gaussian core plus a wide halo). */
const neonLayout: Layout = (canvas, rng, palette) => {
  const n = canvas.size;
  const ground = darker(palette[0], 0.08);
  canvas.gradient(ground, darker(palette[1], 0.12), rng.range(0, Math.PI));
  const centres = rng.int(1, 3);
  for (let c = 0; c < centres; c++) {
    const cx = n * rng.range(0.2, 0.8);
    const cy = n * rng.range(0.2, 0.8);
    const r0 = n * rng.range(0.04, 0.12);
    const gap = n * rng.range(0.04, 0.09);
    const rings = rng.int(3, 7);
    const width = n * rng.range(0.004, 0.009);
    const halo = width * 5;
    // Glow profile by distance from the ring, tabulated at GLOW_STEPS per pixel out to four halo widths.
    const profile = new Float32Array(Math.ceil(4 * halo * GLOW_STEPS) + 1);
    for (let k = 0; k < profile.length; k++) {
      const q = (k / GLOW_STEPS) ** 2;
      profile[k] = Math.exp(-q / (2 * width * width)) + 0.3 * Math.exp(-q / (2 * halo * halo));
    }
    const colour = palette[(c + 1) % palette.length];
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const d = dist(x + 0.5 - cx, y + 0.5 - cy);
        const j = Math.min(rings - 1, Math.max(0, Math.round((d - r0) / gap)));
        const k = Math.round(Math.abs(d - (r0 + j * gap)) * GLOW_STEPS);
        if (k < profile.length) canvas.add(y * n + x, colour, profile[k]);
      }
    }
  }
};

/** Forest: domain-warped fractal noise through a dark-to-light colour ramp, with contour lines. */
const forestLayout: Layout = (canvas, rng, palette) => {
  const n = canvas.size;
  const ramp = [...palette].sort((a, b) => luma(a) - luma(b));
  const field = new FractalNoise(rng, 2, 5);
  const warp = new FractalNoise(rng, 1, 3);
  const warpAmount = rng.range(0.1, 0.35);
  const levels = rng.int(6, 12);
  const height = sampleField(n, (u, v) => {
    const w = warp.at(u, v) - 0.5;
    return clamp01((field.at(u + warpAmount * w, v - warpAmount * w) - 0.25) * 2);
  });
  const d = canvas.data;
  for (let p = 0; p < n * n; p++) {
    const h = height[p];
    const s = h * (ramp.length - 1);
    const k = Math.min(ramp.length - 2, Math.floor(s));
    const t = s - k;
    const lo = ramp[k];
    const hi = ramp[k + 1];
    d[p * 3] = lo[0] + (hi[0] - lo[0]) * t;
    d[p * 3 + 1] = lo[1] + (hi[1] - lo[1]) * t;
    d[p * 3 + 2] = lo[2] + (hi[2] - lo[2]) * t;
    const contour = h * levels - Math.floor(h * levels);
    if (contour < 0.06) canvas.mix(p, ramp[0], 0.5);
  }
};

/** Mono: a grid of grey tiles, some carrying a quarter circle, on a dark ground. */
const monoLayout: Layout = (canvas, rng, palette) => {
  const n = canvas.size;
  const ground = darker(palette[0], 0.15);
  canvas.fill(ground);
  const cells = rng.int(4, 8);
  const pitch = n / cells;
  const gap = pitch * rng.range(0.04, 0.12);
  for (let gy = 0; gy < cells; gy++) {
    for (let gx = 0; gx < cells; gx++) {
      const x0 = gx * pitch + gap / 2;
      const y0 = gy * pitch + gap / 2;
      const tile = rng.pick(palette);
      canvas.rect(x0, y0, x0 + pitch - gap, y0 + pitch - gap, tile);
      if (rng.chance(0.45)) {
        const corner = rng.int(0, 3);
        const cx = corner & 1 ? x0 + pitch - gap : x0;
        const cy = corner & 2 ? y0 + pitch - gap : y0;
        clipDisc(canvas, cx, cy, pitch - gap, contrast(tile, palette), x0, y0, x0 + pitch - gap, y0 + pitch - gap);
      }
    }
  }
};

/** Pop: Mondrian-like recursive blocks in saturated colours and white, ruled by thick black lines. */
const popLayout: Layout = (canvas, rng, palette) => {
  const n = canvas.size;
  const line = Math.max(2, Math.round(n * rng.range(0.012, 0.022)));
  const black: Rgb = [0.06, 0.06, 0.07];
  const paper: Rgb = [0.95, 0.94, 0.9];
  canvas.fill(black);
  const split = (x0: number, y0: number, x1: number, y1: number, depth: number): void => {
    const w = x1 - x0;
    const h = y1 - y0;
    if (depth === 0 || (w < n * 0.12 && h < n * 0.12) || (depth < 3 && rng.chance(0.2))) {
      const fill = rng.chance(0.45) ? paper : rng.pick(palette);
      canvas.rect(x0 + line / 2, y0 + line / 2, x1 - line / 2, y1 - line / 2, fill);
      return;
    }
    if (w > h) {
      const cut = x0 + w * rng.range(0.25, 0.75);
      split(x0, y0, cut, y1, depth - 1);
      split(cut, y0, x1, y1, depth - 1);
    } else {
      const cut = y0 + h * rng.range(0.25, 0.75);
      split(x0, y0, x1, cut, depth - 1);
      split(x0, cut, x1, y1, depth - 1);
    }
  };
  split(line / 2, line / 2, n - line / 2, n - line / 2, rng.int(3, 5));
};

/** Pastel: soft diagonal wash with many overlapping translucent bubbles. */
const pastelLayout: Layout = (canvas, rng, palette) => {
  const n = canvas.size;
  canvas.gradient(lighter(palette[0], 0.35), lighter(palette[1], 0.35), rng.range(0, 2 * Math.PI));
  const count = rng.int(12, 30);
  for (let k = 0; k < count; k++) {
    canvas.disc(n * rng.next(), n * rng.next(), n * rng.range(0.04, 0.22), rng.pick(palette), rng.range(0.45, 0.8));
  }
};

/** Rust: grungy dark noise crossed by steep slashes whose edges are eaten by the same noise. */
const rustLayout: Layout = (canvas, rng, palette) => {
  const n = canvas.size;
  const grimeNoise = new FractalNoise(rng, 3, 4);
  const grime = sampleField(n, (u, v) => grimeNoise.at(u, v));
  const angle = rng.range(0.95, 1.35) * (rng.chance(0.5) ? 1 : -1);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const bands: { centre: number; half: number; colour: Rgb }[] = [];
  const count = rng.int(2, 5);
  for (let k = 0; k < count; k++) {
    bands.push({ centre: n * rng.range(-0.3, 0.9), half: n * rng.range(0.03, 0.1), colour: palette[1 + (k % (palette.length - 1))] });
  }
  const ground = darker(palette[0], 0.25);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const p = y * n + x;
      const g = grime[p];
      const i = p * 3;
      const shade = 0.5 + g;
      canvas.data[i] = ground[0] * shade;
      canvas.data[i + 1] = ground[1] * shade;
      canvas.data[i + 2] = ground[2] * shade;
      const across = x * cos + y * sin;
      for (const band of bands) {
        const d = Math.abs(across - band.centre) - band.half * (0.6 + 0.8 * g);
        if (d < 1) canvas.mix(p, band.colour, clamp01(1 - d) * (0.55 + 0.45 * g));
      }
    }
  }
};

const STYLES: Record<CoverStyle, StyleSpec> = {
  sunset: { layout: sunsetLayout, hue: 330, hueJitter: 35, hueSpread: 90, saturation: [0.6, 0.9], lightness: [0.3, 0.65], colours: 4, grain: 0.05 },
  ocean: { layout: oceanLayout, hue: 200, hueJitter: 18, hueSpread: 50, saturation: [0.4, 0.8], lightness: [0.25, 0.7], colours: 5, grain: 0.05 },
  neon: { layout: neonLayout, hue: 290, hueJitter: 40, hueSpread: 160, saturation: [0.85, 1], lightness: [0.5, 0.6], colours: 4, grain: 0.04 },
  forest: { layout: forestLayout, hue: 100, hueJitter: 20, hueSpread: 60, saturation: [0.25, 0.55], lightness: [0.15, 0.6], colours: 5, grain: 0.04 },
  mono: { layout: monoLayout, hue: 220, hueJitter: 60, hueSpread: 10, saturation: [0, 0.08], lightness: [0.2, 0.92], colours: 5, grain: 0.06 },
  pop: { layout: popLayout, hue: 0, hueJitter: 10, hueSpread: 0, hueOffsets: [0, 50, 220], saturation: [0.8, 0.95], lightness: [0.45, 0.55], colours: 3, grain: 0.04 },
  pastel: { layout: pastelLayout, hue: 40, hueJitter: 60, hueSpread: 200, saturation: [0.55, 0.85], lightness: [0.68, 0.8], colours: 5, grain: 0.035 },
  rust: { layout: rustLayout, hue: 15, hueJitter: 12, hueSpread: 35, saturation: [0.55, 0.85], lightness: [0.25, 0.55], colours: 4, grain: 0.08 },
};

/** The palette of one cover: hues spread around the style's (jittered) centre hue. */
function makePalette(spec: StyleSpec, rng: Rng): Rgb[] {
  const centre = spec.hue + rng.range(-spec.hueJitter, spec.hueJitter);
  const palette: Rgb[] = [];
  for (let k = 0; k < spec.colours; k++) {
    const t = spec.colours === 1 ? 0 : k / (spec.colours - 1) - 0.5;
    const offset = spec.hueOffsets ? spec.hueOffsets[k] : t * spec.hueSpread;
    palette.push(
      hsl(
        centre + offset + rng.range(-8, 8),
        rng.range(spec.saturation[0], spec.saturation[1]),
        rng.range(spec.lightness[0], spec.lightness[1]),
      ),
    );
  }
  return palette;
}

/** Raw RGB pixels (size × size × 3 bytes) of the cover for (seed, style). */
export function renderCoverPixels(seed: number, style: CoverStyle, size: number, grain?: number): Buffer {
  const spec = STYLES[style];
  const rng = new Rng(subSeed(seed, style));
  const canvas = new Canvas(size);
  spec.layout(canvas, rng, makePalette(spec, rng));
  return canvas.toBytes(subSeed(seed, 'grain'), grain ?? spec.grain);
}

/** An encoded cover image; identical arguments give identical bytes. */
export async function makeCover(
  seed: number,
  style: CoverStyle,
  size = 600,
  format: CoverFormat = 'jpeg',
  options: CoverOptions = {},
): Promise<Buffer> {
  const pixels = renderCoverPixels(seed, style, size, options.grain);
  const image = sharp(pixels, { raw: { width: size, height: size, channels: 3 } });
  return format === 'jpeg'
    ? image.jpeg({ quality: options.quality ?? 90, chromaSubsampling: '4:2:0' }).toBuffer()
    : image.png({ compressionLevel: 6 }).toBuffer();
}

/** Quarter-disc (or any disc) clipped to a rectangle: the mono style's tile motif. */
function clipDisc(canvas: Canvas, cx: number, cy: number, r: number, c: Rgb, x0: number, y0: number, x1: number, y1: number): void {
  const n = canvas.size;
  for (let y = Math.max(0, Math.round(y0)); y < Math.min(n, Math.round(y1)); y++) {
    for (let x = Math.max(0, Math.round(x0)); x < Math.min(n, Math.round(x1)); x++) {
      const coverage = clamp01(r - dist(x + 0.5 - cx, y + 0.5 - cy) + 0.5);
      if (coverage > 0) canvas.mix(y * n + x, c, coverage);
    }
  }
}

/** HSL to sRGB (h in degrees, s and l in 0..1). */
function hsl(h: number, s: number, l: number): Rgb {
  const hue = (((h % 360) + 360) % 360) / 60;
  const chroma = (1 - Math.abs(2 * l - 1)) * s;
  const x = chroma * (1 - Math.abs((hue % 2) - 1));
  const m = l - chroma / 2;
  const sector = Math.floor(hue);
  const [r, g, b] =
    sector === 0 ? [chroma, x, 0] : sector === 1 ? [x, chroma, 0] : sector === 2 ? [0, chroma, x]
      : sector === 3 ? [0, x, chroma] : sector === 4 ? [x, 0, chroma] : [chroma, 0, x];
  return [r + m, g + m, b + m];
}

/** Rec. 601 luma, enough to order a palette from dark to light. */
function luma(c: Rgb): number {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
}

/** The palette colour whose luma is farthest from c's. */
function contrast(c: Rgb, palette: readonly Rgb[]): Rgb {
  let best = palette[0];
  for (const p of palette) if (Math.abs(luma(p) - luma(c)) > Math.abs(luma(best) - luma(c))) best = p;
  return best;
}

function lerpRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function darker(c: Rgb, k: number): Rgb {
  return [c[0] * k, c[1] * k, c[2] * k];
}

function lighter(c: Rgb, k: number): Rgb {
  return lerpRgb(c, [1, 1, 1], k);
}

/** Euclidean length; Math.hypot is several times slower in V8's inner loops. */
function dist(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Smoothstep 3t² − 2t³: continuous-slope interpolation weight for value noise. */
function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}
