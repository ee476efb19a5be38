"""Column widths from the content: a column narrower than its widest word is
widened, the width comes from columns with room, and the table keeps its width."""

from __future__ import annotations

from lxml import etree

from pipeline.documents.columns import fit_columns, text_width, widest_piece

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def table(widths: list[int], rows: list[list[str]]):
    cells = "".join(
        "<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">'
                           f"{text}</w:t></w:r></w:p></w:tc>" for text, w in zip(row, widths)) + "</w:tr>"
        for row in rows
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return etree.fromstring(f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblLayout w:type="fixed"/></w:tblPr>'
                            f"<w:tblGrid>{grid}</w:tblGrid>{cells}</w:tbl>")


def grid(tbl) -> list[int]:
    return [int(c.get(f"{{{W}}}w")) for c in tbl.iter(f"{{{W}}}gridCol")]


def test_a_column_too_narrow_for_its_widest_word_takes_width_from_one_with_room():
    tbl = table([3000, 800], [["Kort tekst i en bred kolonne", "29.11.2026"]])
    assert fit_columns(tbl)
    first, second = grid(tbl)
    assert second >= widest_piece("29.11.2026") + 180 and first + second == 3800
    cell_widths = [int(w.get(f"{{{W}}}w")) for w in tbl.iter(f"{{{W}}}tcW")]
    assert cell_widths == [first, second]


def test_a_table_that_fits_is_left_alone():
    tbl = table([3000, 2000], [["Enhet", "Levert"]])
    assert not fit_columns(tbl) and grid(tbl) == [3000, 2000]


def test_no_break_spaces_hold_an_amount_together_and_normal_spaces_do_not():
    assert widest_piece("9\u00a0000\u00a0000\u00a0kr") == text_width("9\u00a0000\u00a0000\u00a0kr")
    assert widest_piece("9 000 000 kr") == text_width("000")
    assert widest_piece("elev-PC-er") == text_width("elev-")  # a line may break after a hyphen
