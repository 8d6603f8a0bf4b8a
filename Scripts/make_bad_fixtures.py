#!/usr/bin/env python3
"""Writes the small broken inputs of Tests/Fixtures/bad/ (each must fail with a clear one-line error)."""
import io, os, zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "bad")
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

def docx(name, document, rels=RELS, extra=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in [("[Content_Types].xml", CT), ("_rels/.rels", rels)] + ([("word/document.xml", document)] if document is not None else []) + (extra or []):
            info = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    data = buf.getvalue()
    open(os.path.join(OUT, name), "wb").write(data)
    return data

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

main()
