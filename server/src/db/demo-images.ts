/**
 * Pictures for the demo store, drawn as SVG here and rendered to PNG by sharp
 * (librsvg), so `npm run up` shows a designed catalog rather than grey boxes.
 * No text inside: the pictures read the same in any language and need no font.
 */
import sharp from "sharp";

const SIZE = 800;

/** A soft background with a tile pattern in the product's palette. */
function frame(background: string, pattern: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 800 800">
  <defs>
    <pattern id="tiles" width="80" height="80" patternUnits="userSpaceOnUse">
      <path d="M40 4 L52 28 L76 40 L52 52 L40 76 L28 52 L4 40 L28 28 Z" fill="${pattern}" opacity="0.35"/>
    </pattern>
    <radialGradient id="glow" cx="50%" cy="45%" r="60%">
      <stop offset="0%" stop-color="#ffffff" stop-opacity="0.9"/>
      <stop offset="100%" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
    <filter id="shadow" x="-20%" y="-20%" width="140%" height="140%">
      <feDropShadow dx="0" dy="18" stdDeviation="18" flood-color="#000000" flood-opacity="0.22"/>
    </filter>
  </defs>
  <rect width="800" height="800" fill="${background}"/>
  <rect width="800" height="800" fill="url(#tiles)"/>
  <circle cx="400" cy="380" r="330" fill="url(#glow)"/>
  <ellipse cx="400" cy="690" rx="230" ry="26" fill="#000000" opacity="0.10"/>
  <g filter="url(#shadow)">${body}</g>
</svg>`;
}

const tee = (x: number, y: number, scale: number, fill: string, stroke: string) =>
  `<g transform="translate(${x} ${y}) scale(${scale})">
    <path d="M-150 -170 L-60 -200 Q0 -160 60 -200 L150 -170 L220 -60 L150 -20 L130 -60 L130 200 L-130 200 L-130 -60 L-150 -20 L-220 -60 Z" fill="${fill}" stroke="${stroke}" stroke-width="6" stroke-linejoin="round"/>
    <path d="M-60 -200 Q0 -140 60 -200" fill="none" stroke="${stroke}" stroke-width="6"/>
  </g>`;

const DRAWINGS: Record<string, () => string> = {
  "cotton-tshirt": () =>
    frame(
      "#fdf1e4",
      "#e0b98a",
      tee(300, 420, 0.95, "#1a237e", "#101652") + tee(500, 420, 0.95, "#ffffff", "#c9c2b8") + tee(400, 390, 1.05, "#c62828", "#8e1c1c"),
    ),
  "linen-shirt": () =>
    frame(
      "#eef3ee",
      "#9fb89f",
      `<path d="M250 180 L340 150 L400 210 L460 150 L550 180 L650 320 L590 360 L560 320 L560 650 L240 650 L240 320 L210 360 L150 320 Z" fill="#e9e1cf" stroke="#9c8f70" stroke-width="6" stroke-linejoin="round"/>
       <path d="M340 150 L400 260 L460 150 L430 150 L400 200 L370 150 Z" fill="#d8ccb0" stroke="#9c8f70" stroke-width="5"/>
       <line x1="400" y1="260" x2="400" y2="650" stroke="#9c8f70" stroke-width="5"/>
       ${[310, 380, 450, 520, 590].map((y) => `<circle cx="420" cy="${y}" r="8" fill="#6d6146"/>`).join("")}
       <path d="M470 300 h60 v70 h-60 z" fill="none" stroke="#9c8f70" stroke-width="5"/>`,
    ),
  "carpet-cushion": () =>
    frame(
      "#f6ebe6",
      "#c98b7a",
      `<rect x="170" y="170" width="460" height="460" rx="60" fill="#8e1b1b"/>
       <rect x="200" y="200" width="400" height="400" rx="36" fill="none" stroke="#e8c07a" stroke-width="14"/>
       <rect x="232" y="232" width="336" height="336" rx="20" fill="#1d3557"/>
       <path d="M400 260 L540 400 L400 540 L260 400 Z" fill="#e8c07a"/>
       <path d="M400 300 L500 400 L400 500 L300 400 Z" fill="#8e1b1b"/>
       <circle cx="400" cy="400" r="40" fill="#e8c07a"/>
       ${(
         [
           [262, 262],
           [538, 262],
           [262, 538],
           [538, 538],
         ] as const
       )
         .map(([x, y]) => `<path d="M${x} ${y - 22} L${x + 22} ${y} L${x} ${y + 22} L${x - 22} ${y} Z" fill="#e8c07a"/>`)
         .join("")}`,
    ),
  "saffron-4g": () =>
    frame(
      "#fff6e0",
      "#e6b84f",
      `<rect x="300" y="250" width="200" height="360" rx="40" fill="#fdfdfd" fill-opacity="0.85" stroke="#c9a23f" stroke-width="8"/>
       <rect x="285" y="200" width="230" height="70" rx="16" fill="#b8860b"/>
       ${Array.from({ length: 14 }, (_, i) => `<path d="M${330 + (i % 7) * 22} ${560 - Math.floor(i / 7) * 50} q ${8 - (i % 3) * 6} -60 ${14 - (i % 4) * 7} -110" stroke="${i % 2 ? "#c62828" : "#e0531f"}" stroke-width="7" fill="none" stroke-linecap="round"/>`).join("")}
       <rect x="300" y="380" width="200" height="70" fill="#7a1f1f"/>`,
    ),
  "copper-teapot": () =>
    frame(
      "#f3ece4",
      "#c48a5a",
      `<defs><linearGradient id="copper" x1="0" x2="1"><stop offset="0" stop-color="#8a4b22"/><stop offset="0.45" stop-color="#e09a5c"/><stop offset="1" stop-color="#7a3d18"/></linearGradient></defs>
       <path d="M560 420 Q660 360 690 250 Q700 230 680 236 Q640 330 560 360 Z" fill="url(#copper)"/>
       <path d="M230 360 Q150 380 160 470 Q170 540 250 540" fill="none" stroke="url(#copper)" stroke-width="26"/>
       <ellipse cx="400" cy="460" rx="190" ry="170" fill="url(#copper)"/>
       <ellipse cx="400" cy="300" rx="110" ry="32" fill="#6d3515"/>
       <path d="M330 300 Q400 220 470 300 Z" fill="url(#copper)"/>
       <circle cx="400" cy="232" r="20" fill="#6d3515"/>
       ${[380, 430, 480, 530].map((y) => `<path d="M${260} ${y} Q400 ${y + 30} ${540} ${y}" fill="none" stroke="#f2c49a" stroke-width="3" opacity="0.5"/>`).join("")}
       <rect x="300" y="610" width="200" height="26" rx="12" fill="#6d3515"/>`,
    ),
  "leather-bag": () =>
    frame(
      "#f2ebe3",
      "#b98b66",
      `<path d="M300 300 Q300 170 400 170 Q500 170 500 300" fill="none" stroke="#5a3418" stroke-width="22"/>
       <rect x="200" y="290" width="400" height="330" rx="40" fill="#8b4a22"/>
       <path d="M200 380 L600 380" stroke="#5a3418" stroke-width="8"/>
       <rect x="370" y="360" width="60" height="50" rx="8" fill="#e8c07a"/>
       <path d="M220 310 h360 M220 600 h360" stroke="#c88a5a" stroke-width="4" stroke-dasharray="14 10"/>`,
    ),
  "kilim-tote": () =>
    frame(
      "#eef1f6",
      "#8fa3c2",
      `<path d="M310 300 Q310 200 400 200 Q490 200 490 300" fill="none" stroke="#2b2b2b" stroke-width="18"/>
       <path d="M220 290 L580 290 L550 640 L250 640 Z" fill="#1d4e89"/>
       ${[340, 420, 500, 580].map((y, i) => `<path d="M${238 + (y - 290) * 0.085} ${y} L${562 - (y - 290) * 0.085} ${y}" stroke="${["#e8c07a", "#c62828", "#ffffff", "#e8c07a"][i]}" stroke-width="18"/>`).join("")}
       ${[280, 340, 400, 460, 520].map((x) => `<path d="M${x} 450 l20 -20 l20 20 l-20 20 z" fill="#e8c07a"/>`).join("")}`,
    ),
  pistachio: () =>
    frame(
      "#f1f5e8",
      "#a9c27a",
      `<ellipse cx="400" cy="470" rx="250" ry="150" fill="#c9a66b"/>
       <ellipse cx="400" cy="440" rx="230" ry="110" fill="#e6cf9c"/>
       ${Array.from({ length: 11 }, (_, i) => {
         const x = 250 + (i % 6) * 60 + (i > 5 ? 30 : 0);
         const y = i > 5 ? 380 : 440;
         return `<g transform="rotate(${((i * 37) % 60) - 30} ${x} ${y})"><ellipse cx="${x}" cy="${y}" rx="34" ry="50" fill="#efe3c6" stroke="#b59a66" stroke-width="4"/><ellipse cx="${x}" cy="${y}" rx="14" ry="34" fill="#7fae3c"/></g>`;
       }).join("")}`,
    ),
};

export const DEMO_IMAGE_SLUGS = Object.keys(DRAWINGS);

/** A product's picture as PNG bytes (800×800). */
export async function demoProductImage(slug: string): Promise<Buffer | null> {
  const draw = DRAWINGS[slug];
  return draw ? sharp(Buffer.from(draw())).png().toBuffer() : null;
}

/** The demo store's logo: a turquoise girih star with a shopping bag, 512×512 PNG on transparency. */
export async function demoLogo(): Promise<Buffer> {
  const points = Array.from({ length: 16 }, (_, i) => {
    const radius = i % 2 === 0 ? 240 : 180;
    const angle = (Math.PI / 8) * i - Math.PI / 2;
    return `${256 + radius * Math.cos(angle)},${256 + radius * Math.sin(angle)}`;
  }).join(" ");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
    <polygon points="${points}" fill="#0f6e68"/>
    <circle cx="256" cy="256" r="150" fill="#fffaf2"/>
    <path d="M196 220 h120 l14 140 h-148 z" fill="#b4461a"/>
    <path d="M222 222 q0 -58 34 -58 q34 0 34 58" fill="none" stroke="#0f6e68" stroke-width="14" stroke-linecap="round"/>
    <circle cx="256" cy="290" r="16" fill="#fffaf2"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * A home banner, 1600×700 PNG: a turquoise girih field with copper and
 * saffron arches, the store's colours; its words come from the banner's
 * title (store settings), not from the picture.
 */
export async function demoBanner(): Promise<Buffer> {
  const arches = [200, 560, 920, 1280]
    .map(
      (
        x,
        i,
      ) => `<path d="M${x} 700 L${x} 360 Q${x} 190 ${x + 160} 190 Q${x + 320} 190 ${x + 320} 360 L${x + 320} 700 Z" fill="${["#b4461a", "#e8c07a", "#fffaf2", "#b4461a"][i]}" opacity="0.92"/>
       <path d="M${x + 40} 700 L${x + 40} 380 Q${x + 40} 240 ${x + 160} 240 Q${x + 280} 240 ${x + 280} 380 L${x + 280} 700 Z" fill="#0b4f4a" opacity="0.35"/>`,
    )
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="700" viewBox="0 0 1600 700">
    <defs>
      <pattern id="girih" width="100" height="100" patternUnits="userSpaceOnUse">
        <path d="M50 5 L65 35 L95 50 L65 65 L50 95 L35 65 L5 50 L35 35 Z" fill="#ffffff" opacity="0.12"/>
      </pattern>
    </defs>
    <rect width="1600" height="700" fill="#0f6e68"/>
    <rect width="1600" height="700" fill="url(#girih)"/>
    ${arches}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
