"""Reading statute files: encodings, Word documents, broken and hostile input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

import ingest.decode as decode_mod
from ingest.decode import decode_bytes, docx_to_text, read_statute_file
from ingest.statutes import parse_statute
from kg.errors import ParseError

# 城乡规划法 art. 65, as in corpus/laws/行政法/城乡规划法(2019-04-23).md
ART_65 = ("第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，"
          "由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。")
STATUTE = "中华人民共和国城乡规划法\n（2007年10月28日第十届全国人民代表大会常务委员会第三十次会议通过）\n" + ART_65


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def code_of(call: object, *args: object) -> str:
    with pytest.raises(ParseError) as info:
        call(*args)  # type: ignore[operator]
    assert info.value.reason  # every rejection says why, in Chinese
    return str(info.value.code)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-32"])
def test_encodings(encoding: str) -> None:
    assert decode_bytes(STATUTE.encode(encoding), "x.txt") == STATUTE


def test_short_gbk_text_is_not_taken_for_korean() -> None:
    # charset-normalizer alone reads these bytes as cp949
    text = "中华人民共和国城乡规划法\n第一条　为了加强城乡规划管理"
    assert decode_bytes(text.encode("gbk"), "x.txt") == text


def test_gb18030_only_characters() -> None:
    text = "第一条 䶮与𠀀不在GBK中，但在GB18030中。"
    assert decode_bytes(text.encode("gb18030"), "x.txt") == text


def test_empty_file_is_empty_text() -> None:
    assert decode_bytes(b"", "x.md") == ""


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02\x03PK\x03\x04" * 50,  # NUL bytes
    bytes(range(1, 32)) * 40,  # control characters, no NUL
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
])
def test_binary_is_rejected(data: bytes) -> None:
    assert code_of(decode_bytes, data, "x.md") == "DECODE_BINARY"


def test_broken_utf8_after_bom() -> None:
    assert code_of(decode_bytes, b"\xef\xbb\xbf\xe6\xb3", "x.md") == "DECODE_FAILED"


def test_docx_paragraphs_and_tables_in_order() -> None:
    data = make_docx(["中华人民共和国城乡规划法", ART_65], table=[["第一列", "第二列"]])
    assert docx_to_text(data, "x.docx") == f"中华人民共和国城乡规划法\n{ART_65}\n第一列\t第二列"


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_docx(cut: float) -> None:
    data = make_docx(["中华人民共和国城乡规划法", ART_65])
    assert code_of(docx_to_text, data[: int(len(data) * cut)], "x.docx") == "DOCX_BROKEN"


def test_zip_that_is_no_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "不是Word文档")
    assert code_of(docx_to_text, buf.getvalue(), "x.docx") == "DOCX_BROKEN"


def test_damaged_document_part() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx(["第一条 文字"]))) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = b"<w:document" if item.filename == "word/document.xml" else src.read(item.filename)
            dst.writestr(item, data)
    assert code_of(docx_to_text, buf.getvalue(), "x.docx") == "DOCX_BROKEN"


def test_zip_bomb_is_refused_before_python_docx_opens_it(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_docx(["第一条 文字"] * 50)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        unpacked = sum(i.file_size for i in zf.infolist())
    monkeypatch.setattr(decode_mod, "MAX_DOCX_UNCOMPRESSED", unpacked - 1)

    def must_not_open(*_: object) -> None:
        raise AssertionError("python-docx opened a zip bomb")

    monkeypatch.setattr(docx, "Document", must_not_open)
    assert code_of(docx_to_text, data, "bomb.docx") == "DOCX_TOO_LARGE"


def test_real_declared_size_limit() -> None:
    # members whose declared sizes add up to more than 200 MB, without writing 200 MB
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document/>")
    raw = bytearray(buf.getvalue())
    cd = raw.rfind(b"PK\x01\x02")  # central directory entry: uncompressed size at offset 24
    raw[cd + 24:cd + 28] = (250 * 1024 * 1024).to_bytes(4, "little")
    assert code_of(docx_to_text, bytes(raw), "bomb.docx") == "DOCX_TOO_LARGE"


def test_read_statute_file_dispatches_on_suffix(tmp_path: Path) -> None:
    root = tmp_path
    (root / "行政法").mkdir()
    md = root / "行政法" / "城乡规划法(2019-04-23).md"
    md.write_bytes(("# 中华人民共和国城乡规划法\n\n<!-- INFO END -->\n\n" + ART_65).encode("utf-8"))
    txt = root / "城乡规划法.TXT"
    txt.write_bytes(STATUTE.encode("gbk"))
    word = root / "城乡规划法.docx"
    word.write_bytes(make_docx(STATUTE.split("\n")))
    assert read_statute_file(md, root)[1] == "行政法/城乡规划法(2019-04-23).md"
    for path in (md, txt, word):
        text, source = read_statute_file(path, root)
        parsed = parse_statute(text, source)
        assert parsed.statute.key == "城乡规划法"
        assert [p.id.article for p in parsed.provisions] == [65] and parsed.provisions[0].township_competent


def test_read_statute_file_rejects(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert code_of(read_statute_file, pdf, tmp_path) == "FILE_UNSUPPORTED"
    doc = tmp_path / "a.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ParseError) as info:
        read_statute_file(doc, tmp_path)
    assert ".docx" in info.value.reason
    assert code_of(read_statute_file, tmp_path / "missing.md", tmp_path) == "FILE_UNREADABLE"
    binary = tmp_path / "b.md"
    binary.write_bytes(bytes(range(256)) * 4)
    assert code_of(read_statute_file, binary, tmp_path) == "DECODE_BINARY"


def test_file_size_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(STATUTE.encode("utf-8"))
    monkeypatch.setattr(decode_mod, "MAX_FILE_BYTES", 10)
    assert code_of(read_statute_file, big, tmp_path) == "FILE_TOO_LARGE"
