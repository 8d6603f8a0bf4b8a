import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns bytes of unknown encoding into text: BOM first, then a declared charset, then valid
/// UTF-8, else GB18030 (the superset of GBK and GB2312 that Chinese government sites serve).
enum TextDecoding {
    /// The encodings nianbao recognises, by their canonical iconv name.
    static func canonicalName(_ label: String) -> String? {
        let l = label.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'"))).lowercased()
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "gbk", "gb2312", "gb_2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "ms936", "windows-936",
            "euc-cn", "csgb2312", "chinese", "iso-ir-58", "csiso58gb231280":
            return "GB18030"
        case "big5", "big5-hkscs", "x-x-big5": return "BIG5-HKSCS"
        case "utf-16", "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "iso-8859-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252": return "WINDOWS-1252"
        default: return nil
        }
    }

    /// The encoding a byte-order mark announces, and the mark's length.
    static func byteOrderMark(_ data: Data) -> (String, Int)? {
        let b = [UInt8](data.prefix(3))
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return ("UTF-8", 3) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return ("UTF-16LE", 2) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return ("UTF-16BE", 2) }
        return nil
    }

    /// Decodes `data`: a BOM wins, then `declared` (if recognised), then UTF-8 if valid, else GB18030.
    /// Undecodable bytes become U+FFFD; the result never fails.
    static func decode(_ data: Data, declared: String? = nil) -> (text: String, encoding: String) {
        if let (encoding, length) = byteOrderMark(data) {
            return (convert(data.dropFirst(length), from: encoding), encoding)
        }
        if let declared, let encoding = canonicalName(declared) {
            if encoding == "UTF-8", let text = String(validatingUTF8Data: data) { return (text, "UTF-8") }
            if encoding != "UTF-8" { return (convert(data, from: encoding), encoding) }
        }
        if let text = String(validatingUTF8Data: data) { return (text, "UTF-8") }
        return (convert(data, from: "GB18030"), "GB18030")
    }

    /// UTF-16 written without a byte-order mark, found from its zero bytes (the high bytes of ASCII
    /// characters, newlines at least, are zero on one side of each pair and rarely on the other) and
    /// confirmed by decoding: nearly every character must be Chinese, ASCII or CJK punctuation.
    static func unmarkedUTF16(_ data: Data) -> String? {
        let sample = data.prefix(1 << 16)
        guard sample.count >= 4 else { return nil }
        var zeros = [0, 0]
        for (i, b) in sample.enumerated() where b == 0 { zeros[i & 1] += 1 }
        let pairs = sample.count / 2
        let candidate: String
        if zeros[1] * 50 >= pairs, zeros[0] * 4 <= zeros[1] {
            candidate = "UTF-16LE"
        } else if zeros[0] * 50 >= pairs, zeros[1] * 4 <= zeros[0] {
            candidate = "UTF-16BE"
        } else {
            return nil
        }
        let scalars = convert(sample.prefix(pairs * 2), from: candidate).unicodeScalars
        let plausible = scalars.count { s in
            switch s.value {
            case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x3000...0x303F, 0x4E00...0x9FFF, 0xFF00...0xFFEF: return true
            default: return false
            }
        }
        return plausible * 100 >= scalars.count * 95 ? candidate : nil
    }

    /// Decodes text that may mix encodings line by line: valid UTF-8 as a whole stays UTF-8; else,
    /// when some lines carry real UTF-8 (at least two multi-byte characters), each line is UTF-8 if
    /// valid and GB18030 if not; else the whole is GB18030.
    static func decodeLines(_ data: Data) -> (text: String, encoding: String) {
        if let text = String(validatingUTF8Data: data) { return (text, "UTF-8") }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        let utf8Lines = lines.map { line -> Bool in
            line.count(where: { $0 >= 0xC0 }) >= 2 && String(validatingUTF8Data: Data(line)) != nil
        }
        guard utf8Lines.contains(true) else { return (convert(data, from: "GB18030"), "GB18030") }
        var out = ""
        var run = Data()
        func flushRun() {
            if !run.isEmpty { out += convert(run, from: "GB18030") }
            run.removeAll(keepingCapacity: true)
        }
        for (i, line) in lines.enumerated() {
            let newline = i + 1 < lines.count
            if utf8Lines[i] || !line.contains(where: { $0 >= 0x80 }) {
                flushRun()
                out += String(decoding: line, as: UTF8.self) + (newline ? "\n" : "")
            } else {
                run.append(contentsOf: line)
                if newline { run.append(0x0A) }
            }
        }
        flushRun()
        return (out, "UTF-8 and GB18030, line by line")
    }

    /// Converts with iconv, replacing each undecodable byte with U+FFFD.
    static func convert<D: DataProtocol>(_ data: D, from encoding: String) -> String {
        let input = [UInt8](data)
        if encoding == "UTF-8" { return String(decoding: input, as: UTF8.self) }
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return String(decoding: input, as: UTF8.self) }
        defer { iconv_close(cd) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3 / 2 + 16)
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        input.withUnsafeBufferPointer { inBuf in
            var inPtr = UnsafeMutablePointer(mutating: inBuf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) })
            var inLeft = inBuf.count
            while inLeft > 0 {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
                    var outLeft = outBuf.count
                    let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let n = outBuf.count - outLeft
                    if rc == -1 {
                        let err = errno
                        if err == EILSEQ || err == EINVAL {
                            // skip one undecodable byte and mark it
                            inPtr = inPtr.map { $0 + 1 }
                            inLeft -= 1
                            return -(n + 1)
                        }
                    }
                    return n
                }
                let n = produced < 0 ? -produced - 1 : produced
                output.append(contentsOf: chunk[0..<n])
                if produced < 0 { output.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension String {
    /// The text of `data` if it is valid UTF-8, else nil.
    init?(validatingUTF8Data data: Data) {
        var valid = true
        let text = data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: break loop
                case .error:
                    valid = false
                    break loop
                }
            }
            return valid ? String(decoding: bytes, as: UTF8.self) : nil
        }
        guard let text else { return nil }
        self = text
    }
}
