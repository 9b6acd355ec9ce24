"""Whether the browser has a glyph for each Chinese character, as JavaScript for page.evaluate,
shared by the JupyterLab test (lab_page.py) and the website test (book_page.py).

A character is drawn on a canvas in the font the page uses for it and its pixels are compared with
the "tofu" the same font draws for code points no font has (unassigned ones); a character that
looks like tofu, or draws nothing, has no glyph on this machine.
"""

# Statements for the body of a page function: defines CJK (the characters to check) and
# missingGlyphs(font, chars) -> the characters of chars that font cannot draw.
JS_MISSING_GLYPHS = r"""
  const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff5e]/g;
  const NO_GLYPH = ['\u0378', '\u0379', '\u05ff'];  // unassigned: every font lacks them
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (font, ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = font; ctx.textBaseline = 'top'; ctx.fillStyle = '#000';
    ctx.fillText(ch, 4, 4);
    const a = ctx.getImageData(0, 0, 64, 64).data;
    let ink = 0, h = 2166136261;
    for (let i = 3; i < a.length; i += 4) { ink += a[i]; h = Math.imul(h ^ a[i], 16777619); }
    return {ink, h: h >>> 0};
  };
  const missingGlyphs = (font, chars) => {
    const tofu = new Set(NO_GLYPH.map(c => draw(font, c).h));
    return [...chars].filter(c => { const d = draw(font, c); return d.ink === 0 || tofu.has(d.h); });
  };
"""
