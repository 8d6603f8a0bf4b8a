#!/usr/bin/env python3
"""Writes the hostile inputs of Tests/Fixtures/.

bad/      each must fail with a clear one-line error (exit 2), fast and in little memory;
hostile/  each is odd or absurd but readable, and must convert (spans capped to the real grid,
          zip64, stray NUL bytes, UTF-16 without a mark, mixed or wrongly declared encodings).
The 100 MB single-line text is not kept: the CLI tests write it to a temporary folder.
"""
import io, os, struct, zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "bad")
HOSTILE = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "hostile")
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

def docx(name, document, rels=RELS, extra=None, out=None, zip64=False):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        for n, data in [("[Content_Types].xml", CT), ("_rels/.rels", rels)] + ([("word/document.xml", document)] if document is not None else []) + (extra or []):
            info = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=zip64) as f:
                f.write(data.encode() if isinstance(data, str) else data)
    data = buf.getvalue()
    if zip64:
        data = zip64_directory(data)
    open(os.path.join(out or OUT, name), "wb").write(data)
    return data

def zip64_directory(data):
    """Adds a zip64 end-of-central-directory record and locator, and marks the classic record's
    fields 0xFFFF/0xFFFFFFFF, as archivers do for large archives (entries already carry zip64 extras)."""
    eocd = data.rfind(b"PK\x05\x06")
    (_, disk, cd_disk, n_disk, n, cd_size, cd_offset, comment_len) = struct.unpack("<IHHHHIIH", data[eocd:eocd + 22])
    z64 = struct.pack("<IQHHIIQQQQ", 0x06064b50, 44, 45, 45, 0, 0, n, n, cd_size, cd_offset)
    locator = struct.pack("<IIQI", 0x07064b50, 0, eocd, 1)
    classic = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:eocd] + z64 + locator + classic

def page(body, charset="utf-8"):
    return f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>t</title></head><body>{body}</body></html>'

def write(folder, name, data):
    open(os.path.join(folder, name), "wb").write(data.encode() if isinstance(data, str) else data)

def main():
    os.makedirs(OUT, exist_ok=True)
    good = docx("_good.docx", f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>好</w:t></w:r></w:p></w:body></w:document>')
    os.remove(os.path.join(OUT, "_good.docx"))
    open(os.path.join(OUT, "truncated.docx"), "wb").write(good[: len(good) // 2])
    docx("no-main-part.docx", None)
    docx("malformed-xml.docx", f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>未闭合</w:r></w:p></w:body></w:document>')
    docx("xxe.docx", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         f'<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    docx("billion-laughs.docx", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
         f'<w:document {W}><w:body><w:p><w:r><w:t>&d;&d;&d;</w:t></w:r></w:p></w:body></w:document>')
    docx("not-word.zip", None, rels='<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    open(os.path.join(OUT, "garbage.bin"), "wb").write(bytes((i * 37 + 11) % 256 for i in range(4096)))
    body = f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>好</w:t></w:r></w:p></w:body></w:document>'
    docx("unsafe-entry-name.docx", body, extra=[("../../evil.txt", "x")])
    docx("absolute-entry-name.docx", body, extra=[("/etc/evil.txt", "x")])
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docx("duplicate-entry-name.docx", body, extra=[("word/document.xml", body.replace("好", "坏"))])
    # A zip bomb: 60 MB of spaces in one part deflate to a few dozen KB (ratio far over the limit).
    bomb = f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>' + " " * (60 << 20) + '</w:t></w:r></w:p></w:body></w:document>'
    docx("zip-bomb.docx", bomb)
    # An encrypted entry: the same archive with the "encrypted" flag set on word/document.xml.
    data = bytearray(docx("encrypted.docx", body))
    name = b"word/document.xml"
    for sig, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        i = data.find(sig)
        while i >= 0:
            if data[i + name_offset:i + name_offset + len(name)] == name:
                data[i + flag_offset] |= 1
            i = data.find(sig, i + 4)
    open(os.path.join(OUT, "encrypted.docx"), "wb").write(bytes(data))

    # Deep nesting: 5,000 nested elements in a page, 300 in a Word part (small enough to pass the
    # compression-ratio check and reach the depth limit).
    write(OUT, "deep-nesting.html", page("<div>" * 5000 + "深" + "</div>" * 5000))
    docx("deep-nesting.docx", f'<?xml version="1.0"?><w:document {W}><w:body>' + "<w:sdt><w:sdtContent>" * 300
         + "<w:p><w:r><w:t>深</w:t></w:r></w:p>" + "</w:sdtContent></w:sdt>" * 300 + "</w:body></w:document>")
    # Quadratic blowup: one large entity referenced many times (no nesting for a depth limit to catch).
    docx("quadratic-blowup.docx", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "' + "a" * 5000 + '">]>'
         f'<w:document {W}><w:body><w:p><w:r><w:t>' + "&a;" * 5000 + '</w:t></w:r></w:p></w:body></w:document>')
    # Overlapping entries: every central-directory entry points at the same compressed part,
    # declaring it under another name (the kernel of overlapping-entry zip bombs).
    data = bytearray(good)
    cd = data.find(b"PK\x01\x02")
    eocd = data.rfind(b"PK\x05\x06")
    entries, i = [], cd
    while i < eocd:
        n, m, k = struct.unpack("<HHH", data[i + 28:i + 34])
        entries.append(bytes(data[i:i + 46 + n + m + k]))
        i += 46 + n + m + k
    doc = next(e for e in entries if e[46:46 + 17] == b"word/document.xml")
    copies = [doc[:46] + (b"word/copy%04d.xml" % j)[:17] + doc[46 + 17:] for j in range(3000)]
    directory = b"".join(entries + copies)
    count = len(entries) + len(copies)
    open(os.path.join(OUT, "overlapping-entries.docx"), "wb").write(
        bytes(data[:cd]) + directory + struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, count, count, len(directory), cd, 0))
    # A corrupt central directory: its entries' signatures overwritten.
    data = bytearray(good)
    data[cd:cd + 4] = b"XXXX"
    open(os.path.join(OUT, "corrupt-central-directory.docx"), "wb").write(bytes(data))
    # A zip of zips of bombs: not a Word document, whatever it holds.
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
        for j in range(4):
            z.writestr(f"bomb{j}.docx", open(os.path.join(OUT, "zip-bomb.docx"), "rb").read())
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
        for j in range(4):
            z.writestr(f"inner{j}.zip", inner.getvalue())
    write(OUT, "nested-zip-bomb.docx", outer.getvalue())
    write(OUT, "empty.docx", b"")

    # Readable, however odd.
    os.makedirs(HOSTILE, exist_ok=True)
    table = lambda attrs: page(f'<table border="1"><tr><td>甲</td><td {attrs}>乙</td></tr><tr><td>丙</td><td>丁</td></tr></table>')
    write(HOSTILE, "huge-colspan.html", table('colspan="10000"'))
    write(HOSTILE, "huge-rowspan.html", table('rowspan="65534"'))
    write(HOSTILE, "zero-spans.html", table('colspan="0" rowspan="0"'))
    cell = lambda props, text: f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
    span = '<w:gridSpan w:val="100000"/>'
    docx("huge-gridspan.docx", f'<?xml version="1.0"?><w:document {W}><w:body><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
         f'<w:tr>{cell("", "甲")}{cell(span, "乙")}</w:tr>'
         f'<w:tr>{cell("", "丙")}{cell("", "丁")}</w:tr></w:tbl></w:body></w:document>', out=HOSTILE)
    docx("zip64.docx", f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>六十四位</w:t></w:r></w:p></w:body></w:document>',
         out=HOSTILE, zip64=True)
    write(HOSTILE, "stray-nul.txt", "一、总体情况\n本机关\x00依法公开政府信息。\n".encode())
    write(HOSTILE, "utf16le-no-bom.txt", "一、总体情况\r\nUTF-16 无字节序标记。\r\n".encode("utf-16-le"))
    write(HOSTILE, "mixed-encoding.txt", "一、总体情况 UTF-8\n".encode() + "二、主动公开政府信息情况 GBK\n".encode("gbk"))
    write(HOSTILE, "wrong-charset.html", page("<p>声明为 UTF-8，实为 GBK。</p>", charset="utf-8").encode("gbk"))

main()
