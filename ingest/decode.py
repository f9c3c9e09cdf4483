"""Read statute files: bytes → text, for Markdown, plain text and Word (.docx).

- :func:`decode_bytes`: UTF-8 (with or without BOM) first, as nearly every
  file is UTF-8 and a strict decode is fast; then UTF-16/32 with a BOM; then
  the GB family (GBK/GB18030, what Chinese Windows tools save) with
  charset-normalizer as the detector for anything else.  Binary input (NUL
  bytes, many control characters) is rejected with ``DECODE_BINARY``, text
  in no encoding we can read with ``DECODE_FAILED``.
- :func:`docx_to_text`: paragraph texts (and table rows) joined by newlines,
  in document order.  A zip whose members would unpack to more than
  :data:`MAX_DOCX_UNCOMPRESSED` bytes is refused before python-docx opens it
  (``DOCX_TOO_LARGE``); a truncated or invalid file gives ``DOCX_BROKEN``.
- :func:`read_statute_file`: the one function that touches the file system,
  dispatching on the suffix.

>>> decode_bytes("第一条 为了加强城乡规划管理".encode("gbk"), "x.txt")
'第一条 为了加强城乡规划管理'
>>> decode_bytes(b"\\xef\\xbb\\xbf# \\xe6\\xb3\\x95", "x.md")
'# 法'
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

from kg.errors import ParseError

__all__ = [
    "MAX_DOCX_UNCOMPRESSED",
    "MAX_FILE_BYTES",
    "TEXT_SUFFIXES",
    "decode_bytes",
    "decode_with_encoding",
    "docx_to_text",
    "read_statute_file",
]

MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
"""A .docx whose zip members add up to more than this is refused (zip bomb)."""
MAX_DOCX_MEMBERS = 10_000
MAX_FILE_BYTES = 64 * 1024 * 1024
"""No single statute comes near this; larger files are refused before reading."""
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK_OR_PUNCT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2026\u00b7\u2014\u3400-\u4dbf]")
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz", "cp936"})
_BIG5_FAMILY = frozenset({"big5", "big5hkscs", "cp950"})
_MAX_CONTROL_RATIO = 0.01


def _binary(source: str, why: str, what: str = "法规") -> ParseError:
    return ParseError(source, None, f"文件不是文本（{why}），无法作为{what}读取", code="DECODE_BINARY")


def _checked(text: str, source: str, what: str = "法规") -> str:
    """The text without a BOM, or DECODE_BINARY when control characters abound."""
    if _CONTROL.search(text):
        bad = len(_CONTROL.findall(text))
        if bad > max(2, len(text) * _MAX_CONTROL_RATIO):
            raise _binary(source, f"含有{bad}个控制字符", what)
    return text.lstrip("\ufeff")


def _cjk_share(text: str) -> float:
    """Share of Chinese characters and punctuation among the non-ASCII characters."""
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    if wide == 0:
        return 1.0
    return len(_CJK_OR_PUNCT.findall(text)) / wide


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a BOM has its NUL bytes on one side of each pair."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd > 0 and even == 0:
        enc = "utf-16-le"
    elif even > 0 and odd == 0:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return (text, enc) if _cjk_share(text) >= 0.8 else None


def decode_bytes(data: bytes, source: str) -> str:
    """Decode the bytes of a statute file; raise ParseError DECODE_BINARY / DECODE_FAILED.

    >>> decode_bytes(b"\\x00\\x01\\x02binary", "a.md")
    Traceback (most recent call last):
    ...
    kg.errors.ParseError: a.md：文件不是文本（含有空字节），无法作为法规读取
    """
    return decode_with_encoding(data, source)[0]


def decode_with_encoding(data: bytes, source: str, what: str = "法规") -> tuple[str, str]:
    """The one decoding policy (statute files and CSV catalogs): (text without BOM, encoding read).

    ``what`` names the kind of file in error messages (法规, 目录).

    GBK-family text is read as GB18030, its superset.

    >>> decode_with_encoding("序号,事项名称".encode("gbk"), "a.csv")
    ('序号,事项名称', 'gb18030')
    >>> decode_with_encoding("\\ufeff序号".encode("utf-8"), "a.csv"), decode_with_encoding("序号".encode("utf-16"), "a.csv")
    (('序号', 'utf-8-sig'), ('序号', 'utf-16'))
    """
    if not data:
        return "", "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8"), source, what), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ParseError(source, None, f"文件以UTF-8标记开头，但第{exc.start}字节处不是有效的UTF-8",
                             code="DECODE_FAILED") from exc
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), source, what), enc
            except UnicodeDecodeError as exc:
                raise ParseError(source, None, f"文件以{enc.upper()}标记开头，但内容无法按该编码读取",
                                 code="DECODE_FAILED") from exc
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise _binary(source, "含有空字节", what)
        return _checked(utf16[0], source, what), utf16[1]
    try:
        return _checked(data.decode("utf-8"), source, what), "utf-8"
    except UnicodeDecodeError:
        pass
    text, enc = _decode_legacy(data, source)
    return _checked(text, source, what), enc


def _decode_legacy(data: bytes, source: str) -> tuple[str, str]:
    """Text that is not UTF-8: GB18030 when it reads as Chinese, else what charset-normalizer finds.

    charset-normalizer misreads short GBK texts (as cp949 or big5), so a clean
    GB18030 decode that yields Chinese is preferred unless the detector, on a
    long enough text, is confident of Big5.
    """
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files pay for it

    try:
        gb: str | None = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    guess = from_bytes(data).best()
    enc = (guess.encoding or "").lower() if guess is not None else ""
    if enc in _GB_FAMILY:
        return (gb, "gb18030") if gb is not None else (str(guess), enc)
    if gb is not None and _cjk_share(gb) >= 0.8 and not (enc in _BIG5_FAMILY and len(data) >= 4096):
        return gb, "gb18030"
    if guess is not None:
        return str(guess), enc
    raise ParseError(source, None, "无法识别文件编码（已尝试UTF-8、GB18030及自动检测），请另存为UTF-8后重试",
                     code="DECODE_FAILED")


def docx_to_text(data: bytes, source: str) -> str:
    """The text of a .docx file: paragraphs (and table rows, cells tab-separated) joined by newlines.

    Raises ParseError DOCX_BROKEN for a truncated or invalid file and
    DOCX_TOO_LARGE when the members would unpack to more than
    :data:`MAX_DOCX_UNCOMPRESSED` bytes.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
            total = sum(m.file_size for m in members)
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ParseError(source, None, f"Word文档已损坏或不是有效的.docx文件（{exc}）", code="DOCX_BROKEN") from exc
    if total > MAX_DOCX_UNCOMPRESSED or len(members) > MAX_DOCX_MEMBERS:
        raise ParseError(source, None,
                         f"Word文档解压后共{total // (1024 * 1024)}MB、{len(members)}个部件，超过上限，疑似压缩炸弹，已拒绝",
                         code="DOCX_TOO_LARGE")
    if "word/document.xml" not in names:
        raise ParseError(source, None, "文件是zip压缩包，但缺少 word/document.xml，不是有效的.docx文件",
                         code="DOCX_BROKEN")
    import docx  # python-docx; imported here so plain-text ingest does not load lxml
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    lines.append("\t".join(cell.text for cell in row.cells))
    # python-docx and lxml raise many types for damaged parts (KeyError, ValueError,
    # XMLSyntaxError, BadZipFile with bad CRCs …): all mean the same to the user
    except Exception as exc:
        raise ParseError(source, None, f"Word文档内容无法读取（{type(exc).__name__}: {exc}）",
                         code="DOCX_BROKEN") from exc
    return "\n".join(lines)


def read_statute_file(path: Path, root: Path) -> tuple[str, str]:
    """Read one statute file: (text, source name relative to ``root``).

    ``.md``/``.markdown``/``.txt`` are decoded with :func:`decode_bytes`,
    ``.docx`` read with :func:`docx_to_text`; anything else is FILE_UNSUPPORTED.
    """
    try:
        source = path.relative_to(root).as_posix()
    except ValueError:
        source = path.name
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES and suffix != ".docx":
        hint = "；.doc 请用Word另存为.docx" if suffix == ".doc" else ""
        raise ParseError(source, None, f"不支持的文件类型“{suffix or '无扩展名'}”，请使用 .md、.txt 或 .docx{hint}",
                         code="FILE_UNSUPPORTED")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(source, None, f"文件有{size // (1024 * 1024)}MB，超过{MAX_FILE_BYTES // (1024 * 1024)}MB上限，"
                             "不像是单部法规，已拒绝", code="FILE_TOO_LARGE")
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(source, None, f"无法读取文件（{exc.strerror or exc}）", code="FILE_UNREADABLE") from exc
    if suffix == ".docx":
        return docx_to_text(data, source), source
    return decode_bytes(data, source), source
