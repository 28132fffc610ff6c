"""The fonts official documents (公文) ask for, and the installed faces that stand in for them.

Chinese official documents set the title in 方正小标宋, body text in 仿宋_GB2312, headings in 黑体
(楷体 for second-level headings). None of them is installed on a Linux server: the serif faces map to
Noto Serif CJK SC, 黑体 to Noto Sans CJK SC (Debian's fonts-noto-cjk). Every document generator
(Word through python-docx, PDF through WeasyPrint) takes its fonts from here:

    set_run_font(run, "仿宋", size_pt=16)      # python-docx run or style, incl. the eastAsia slot
    css_font("黑体")                           # '"Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
"""

from __future__ import annotations

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"

# Chinese (and Windows) font names → the installed family.
FONT_MAP: dict[str, str] = {
    "仿宋": SERIF, "仿宋_GB2312": SERIF, "FangSong": SERIF, "FangSong_GB2312": SERIF,
    "宋体": SERIF, "SimSun": SERIF, "小标宋": SERIF, "方正小标宋简体": SERIF, "方正小标宋_GBK": SERIF,
    "楷体": SERIF, "楷体_GB2312": SERIF, "KaiTi": SERIF,
    "黑体": SANS, "SimHei": SANS, "微软雅黑": SANS, "Microsoft YaHei": SANS,
}

# CSS font-family stacks for WeasyPrint and browsers (Source Han = the same design under Adobe's name).
CSS_SERIF = f'"{SERIF}", "Source Han Serif SC", serif'
CSS_SANS = f'"{SANS}", "Source Han Sans SC", sans-serif'


def installed_font(name: str) -> str:
    """The installed family for a font name ("仿宋" → "Noto Serif CJK SC"); other names unchanged."""
    return FONT_MAP.get(name, name)


def css_font(name: str) -> str:
    """The CSS font-family stack for a font name: "仿宋" → '"Noto Serif CJK SC", …, serif'."""
    family = installed_font(name)
    if family == SERIF:
        return CSS_SERIF
    if family == SANS:
        return CSS_SANS
    return f'"{family}", {CSS_SERIF}'


def set_run_font(run, name: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Set a python-docx run's (or style's) font to the installed stand-in for `name`, in every
    script slot: Word takes Chinese characters from w:eastAsia, which `font.name` alone leaves unset."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    family = installed_font(name)
    run.font.name = family
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if bold is not None:
        run.font.bold = bold
    rfonts = run.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), family)
