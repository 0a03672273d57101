#!/usr/bin/python3
"""build_fonts.py builds Counter Desk's supplementary and UI fonts.

Called by scripts/build-fonts.sh (read its header first); it needs Debian's
python3-fonttools, fonts-hanazono and unicode-data and writes into OUTDIR:

  level2-sup.txt      the 通用规范汉字表 characters above U+FFFF (Unihan kTGH),
                      one "U+XXXXX<TAB>character" a line, so tests need no Unihan;
  counterdesk-sup.ttf a subset of Hanazono Mincho (HanaMinA for the BMP, HanaMinB
                      for the supplementary planes) merged into one TrueType font
                      (glyf outlines, cmap formats 4 and 12, 1024 units per em)
                      holding every wanted character WenQuanYi Micro Hei lacks;
  counterdesk-ui.ttf  WenQuanYi Micro Hei with those glyphs added (scaled to its
                      2048 units per em), the UI's theme font: Fyne takes one font
                      per text style and has no fallback list of its own.

The wanted characters: all of CJK Extension A (U+3400–U+4DBF), the URO
U+4E00–U+9FEF, every 通用规范汉字表 character (kTGH), and the lines of
assets/fonts/extra-chars.txt; minus what WenQuanYi already has. Characters
that Hanazono (2017) lacks too are listed on stderr; the build fails only when
one of the 通用规范汉字表 or extra-chars.txt is among them.

The output is reproducible: no timestamps (head.created and head.modified are
fixed), no glyph names, a fixed table order, so the same inputs give the same
bytes; build-fonts.sh --check relies on it.
"""

import bz2
import io
import sys

from fontTools import subset
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.scaleUpem import scale_upem
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

HANA_A = "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"
HANA_B = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
UNIHAN = "/usr/share/unicode/Unihan_OtherMappings.txt.bz2"

# FIXED_TIME is head.created and head.modified of both fonts: 2026-01-01
# 00:00 UTC in seconds since 1904-01-01, so a rebuild never differs by a date.
FIXED_TIME = 3850156800

SUP_FAMILY = "CounterDesk Sup"
UI_FAMILY = "CounterDesk UI"
HANA_LICENCE = (
    "Glyphs from Hanazono Mincho (HanaMinA/HanaMinB, GlyphWiki Project, "
    "http://fonts.jp/hanazono/), used under the Hanazono Font License: "
    "unlimited permission to use, copy and distribute, with or without "
    "modification. See LICENSE-hanazono.txt."
)


def read_kTGH():
    """read_kTGH returns the code points Unihan marks kTGH (通用规范汉字表, 8105)."""
    tgh = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0].startswith("U+") and parts[1] == "kTGH":
                tgh.add(int(parts[0][2:], 16))
    if len(tgh) != 8105:
        sys.exit(f"build_fonts: Unihan kTGH has {len(tgh)} characters, want 8105")
    return tgh


def read_extra(path):
    """read_extra returns the code points of extra-chars.txt (first field U+XXXX)."""
    extra = set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            field = line.split()[0]
            if not field.upper().startswith("U+"):
                sys.exit(f"build_fonts: {path}:{n}: the line must start with U+XXXX")
            extra.add(int(field[2:], 16))
    return extra


def set_names(font, family, description):
    """set_names replaces the name table: the derived fonts must not carry
    Hanazono's or WenQuanYi's font names (Hanazono's are reserved under the OFL)."""
    src = font["name"]
    copyright_ = src.getDebugName(0) or ""
    name = newTable("name")
    name.names = []
    records = {
        0: copyright_,
        1: family,
        2: "Regular",
        3: f"{family} Regular; counterdesk build",
        4: family,
        5: "Version 1.0",
        6: family.replace(" ", "") + "-Regular",
        10: description,
        13: description,
    }
    for nid, text in records.items():
        if text:
            name.setName(text, nid, 3, 1, 0x409)
    font["name"] = name


def fix_head(font):
    """fix_head pins the timestamps so the same inputs give the same bytes."""
    font["head"].created = FIXED_TIME
    font["head"].modified = FIXED_TIME


def copy_glyph(src_font, gname):
    """copy_glyph returns src_font's glyph gname as a simple glyf glyph
    (components decomposed), ready for another font with the same units per em."""
    gs = src_font.getGlyphSet()
    rec = DecomposingRecordingPen(gs)
    gs[gname].draw(rec)
    pen = TTGlyphPen(None)
    rec.replay(pen)
    return pen.glyph()


def set_cmap(font, mapping, keep_mac=False):
    """set_cmap writes mapping (code point -> glyph name) as cmap format 4
    (platform 3/1 and 0/3, BMP only) and format 12 (platform 3/10 and 0/4)."""
    bmp = {c: g for c, g in mapping.items() if c <= 0xFFFF}
    tables = []
    for fmt, plat, enc, m in ((4, 0, 3, bmp), (12, 0, 4, mapping), (4, 3, 1, bmp), (12, 3, 10, mapping)):
        t = CmapSubtable.newSubtable(fmt)
        t.platformID, t.platEncID, t.language = plat, enc, 0
        t.cmap = dict(m)
        tables.append(t)
    if keep_mac:
        tables += [t for t in font["cmap"].tables if t.platformID == 1]
    font["cmap"].tables = sorted(tables, key=lambda t: (t.platformID, t.platEncID))


def subset_font(path, unicodes):
    """subset_font returns the subset of the font at path holding unicodes,
    without hinting, layout tables, vertical metrics or glyph names."""
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.name_IDs = ["*"]
    opts.drop_tables += ["BASE", "GDEF", "GSUB", "GPOS", "prop", "FFTM", "vhea", "vmtx", "gasp", "VORG"]
    opts.recalc_timestamp = False
    font = TTFont(path, recalcTimestamp=False)
    # Without the variation-sequence subtable (format 14), whose variant glyphs
    # the subset would otherwise keep though nothing reaches them.
    font["cmap"].tables = [t for t in font["cmap"].tables if t.format != 14]
    s = subset.Subsetter(opts)
    s.populate(unicodes=sorted(unicodes))
    s.subset(font)
    return font


def save(font, path):
    """save writes font with a fixed table order and pinned timestamps."""
    fix_head(font)
    font.recalcTimestamp = False
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: build_fonts.py WQY_TTF EXTRA_CHARS_TXT OUTDIR")
    wqy_path, extra_path, outdir = sys.argv[1:]

    wqy = TTFont(wqy_path, recalcTimestamp=False)
    wqy_cmap = wqy.getBestCmap()
    tgh = read_kTGH()
    extra = read_extra(extra_path)

    with open(f"{outdir}/level2-sup.txt", "w", encoding="utf-8", newline="\n") as f:
        for c in sorted(x for x in tgh if x > 0xFFFF):
            f.write(f"U+{c:04X}\t{chr(c)}\n")

    wanted = set(range(0x3400, 0x4DC0)) | set(range(0x4E00, 0x9FF0)) | tgh | extra
    wanted -= set(wqy_cmap)

    hana_a = TTFont(HANA_A, lazy=True).getBestCmap()
    hana_b = TTFont(HANA_B, lazy=True).getBestCmap()
    bmp = {c for c in wanted if c <= 0xFFFF and c in hana_a}
    sup = {c for c in wanted if c > 0xFFFF and c in hana_b}
    missing = sorted(wanted - bmp - sup)
    if missing:
        print("build_fonts: Hanazono lacks (they stay placeholders): "
              + " ".join(f"U+{c:04X}" for c in missing), file=sys.stderr)
    must = [c for c in missing if c in tgh or c in extra]
    if must:
        sys.exit("build_fonts: Hanazono lacks characters that must be in the font: "
                 + " ".join(f"U+{c:04X}" for c in must))

    # The supplementary font: the HanaMinA subset, with the HanaMinB subset's glyphs added.
    font = subset_font(HANA_A, bmp)
    font_b = subset_font(HANA_B, sup)
    mapping = dict(font.getBestCmap())
    order = list(font.getGlyphOrder())
    glyf, hmtx = font["glyf"], font["hmtx"]
    b_cmap = font_b.getBestCmap()
    for c in sorted(sup):
        gname = f"u{c:05X}"
        glyf.glyphs[gname] = copy_glyph(font_b, b_cmap[c])
        hmtx[gname] = font_b["hmtx"][b_cmap[c]]
        order.append(gname)
        mapping[c] = gname
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    set_cmap(font, mapping)
    font["post"].formatType = 3.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    set_names(font, SUP_FAMILY, HANA_LICENCE)
    save(font, f"{outdir}/counterdesk-sup.ttf")

    # The UI font: WenQuanYi with the supplementary glyphs, scaled to 2048 units per em.
    sup_font = TTFont(f"{outdir}/counterdesk-sup.ttf", recalcTimestamp=False)
    scale_upem(sup_font, wqy["head"].unitsPerEm)
    sup_cmap = sup_font.getBestCmap()
    ui_mapping = dict(wqy_cmap)
    order = list(wqy.getGlyphOrder())
    glyf, hmtx, vmtx = wqy["glyf"], wqy["hmtx"], wqy["vmtx"] if "vmtx" in wqy else None
    upem = wqy["head"].unitsPerEm
    for c in sorted(sup_cmap):
        if c in ui_mapping:
            continue
        gname = f"cdsup{c:05X}"
        g = copy_glyph(sup_font, sup_cmap[c])
        glyf.glyphs[gname] = g
        hmtx[gname] = sup_font["hmtx"][sup_cmap[c]]
        if vmtx is not None:
            g.recalcBounds(glyf)
            top = getattr(g, "yMax", 0)
            vmtx[gname] = (upem, max(0, wqy["vhea"].ascent - top) if "vhea" in wqy else 0)
        order.append(gname)
        ui_mapping[c] = gname
    wqy.setGlyphOrder(order)
    glyf.glyphOrder = order
    set_cmap(wqy, ui_mapping, keep_mac=True)
    # Glyph names: keep WenQuanYi's post table format, naming the new glyphs.
    set_names(wqy, UI_FAMILY,
              "WenQuanYi Micro Hei (Apache License 2.0, see LICENSE-wqy-microhei.txt) "
              "with the glyphs of counterdesk-sup.ttf added. " + HANA_LICENCE)
    save(wqy, f"{outdir}/counterdesk-ui.ttf")
    print(f"build_fonts: counterdesk-sup.ttf {len(mapping)} characters "
          f"({len(bmp)} BMP, {len(sup)} supplementary); counterdesk-ui.ttf {len(ui_mapping)} characters",
          file=sys.stderr)


if __name__ == "__main__":
    main()
