import Foundation

/// Normalising and comparing printed labels, and reading printed numbers, as reports print them:
/// full- and half-width forms, words split by spaces, stray markup, OCR confusions.
enum LabelText {
    /// Full-width ASCII forms and ideographic space folded to ASCII; other text unchanged.
    static func halfWidth(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Removes extraction debris: HTML-like tags, `[bookmark: …]`, Markdown emphasis.
    static func stripMarkup(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "*") }) else { return text }
        // HTML-like tags only (<b>, </span>, <br/>); autolinks such as <http://…> keep their address.
        var s = text.replacingOccurrences(of: "</?[A-Za-z][A-Za-z0-9]*(\\s[^<>]{0,80})?/?>", with: "", options: .regularExpression)
        s = s.replacingOccurrences(of: "<((?:https?|ftp)://[^<>\\s]+)>", with: "$1", options: .regularExpression)
        s = s.replacingOccurrences(of: "\\[bookmark:[^\\]]*\\]", with: "", options: .regularExpression)
        s = s.replacingOccurrences(of: "**", with: "")
        return s
    }

    private static let chineseNumerals = Set("一二三四五六七八九十")

    /// Whether a label's outline number is written in Chinese numerals (`（六）`, `三、`) or in
    /// digits (`3.`, `（1）`); nil when it has none.
    static func numeralKind(_ text: String) -> Bool? {
        guard let first = halfWidth(text).first(where: { !$0.isWhitespace && $0 != "(" }),
            strippingNumbering(text) != text.trimmed
        else { return nil }
        if chineseNumerals.contains(first) { return true }
        return first.isASCII && first.isNumber ? false : nil
    }

    /// The label with a leading outline number (`一、`, `（三）`, `3.`, `(2)`, `1、`) removed.
    static func strippingNumbering(_ text: String) -> String {
        // Most labels start with neither a bracket nor a numeral: nothing to strip.
        if let first = text.unicodeScalars.first(where: { !$0.properties.isWhitespace }),
            !("(（0123456789０１２３４５６７８９".unicodeScalars.contains(first) || chineseNumerals.contains(Character(first)))
        {
            return text.trimmed
        }
        var s = Substring(halfWidth(text).trimmed)
        if let first = s.first, first == "(" {
            if let close = s.firstIndex(of: ")"), s.distance(from: s.startIndex, to: close) <= 4 {
                let inner = s[s.index(after: s.startIndex)..<close].filter { !$0.isWhitespace }
                if !inner.isEmpty && inner.allSatisfy({ chineseNumerals.contains($0) || $0.isNumber }) {
                    s = s[s.index(after: close)...]
                    return String(s).trimmed
                }
            }
        }
        let head = s.prefix { chineseNumerals.contains($0) || ($0.isASCII && $0.isNumber) || $0 == " " }
        if !head.isEmpty, head.count <= 4 {
            let rest = s.dropFirst(head.count)
            if let mark = rest.first, "、.．,，:：".contains(mark) {
                return String(rest.dropFirst()).trimmed
            }
        }
        return String(s)
    }

    /// The core of a label for comparison: markup and numbering removed, then only letters and
    /// digits kept (whitespace, punctuation and quotes dropped).
    static func core(_ text: String) -> String {
        // Nothing longer than a few hundred bytes is a label; its core is not worth computing.
        guard text.utf8.count <= 1200 else { return "" }
        return text.utf8.count <= 200 ? cores.value(text, computeCore) : computeCore(text)
    }

    private static let cores = Memo<UTF8Key, String>()

    private static func computeCore(_ text: String) -> String {
        let s = strippingNumbering(stripMarkup(halfWidth(text)))
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars where alphanumerics.contains(scalar) { out.append(scalar) }
        return String(out)
    }

    private static let alphanumerics = CharacterSet.alphanumerics

    /// Similarity of two cores: 2·LCS / (|a| + |b|), in 0…1.
    static func similarity(_ a: String, _ b: String, atLeast minimum: Double = 0) -> Double {
        if a == b { return a.isEmpty ? 0 : 1 }
        // Lengths far apart (utf8.count is constant-time): similar they cannot be.
        let (ua, ub) = (a.utf8.count, b.utf8.count)
        if ua > 8 * ub + 32 || ub > 8 * ua + 32 { return 0 }
        return similarity(Array(a.unicodeScalars), Array(b.unicodeScalars), atLeast: minimum)
    }

    /// Similarity of two cores given as their scalars (what the matchers keep of template labels,
    /// so that comparing a printed label with every template label costs no string work).
    static func similarity(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar], atLeast minimum: Double = 0) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        if x == y { return 1 }
        // The score can be no better than the lengths allow: skip the work when that is already
        // below the minimum, or low (it also keeps a 100 MB "label" from costing anything).
        let bound = 2 * Double(min(x.count, y.count)) / Double(x.count + y.count)
        if minimum > 0 && bound < minimum { return 0 }
        if bound < 0.5 { return bound / 2 }
        if minimum > 0 {
            // Every character of a common subsequence is in both: count x's characters that may be
            // in y (by a 64-bit hash set of y's), a bound on the LCS that costs no table.
            var mask: UInt64 = 0
            for c in y { mask |= 1 << UInt64(c.value & 63) }
            var shared = 0
            for c in x where mask & (1 << UInt64(c.value & 63)) != 0 { shared += 1 }
            if 2 * Double(min(shared, y.count)) / Double(x.count + y.count) < minimum { return 0 }
        }
        var previous = [Int](repeating: 0, count: y.count + 1)
        var current = previous
        for i in 1...x.count {
            for j in 1...y.count {
                current[j] = x[i - 1] == y[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        return 2 * Double(previous[y.count]) / Double(x.count + y.count)
    }

    /// True when two cores of the same length differ in exactly one character (an OCR confusion
    /// such as 子以公开 for 予以公开), for labels of four characters or more.
    static func oneSubstitution(_ a: String, _ b: String) -> Bool {
        oneSubstitution(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    static func oneSubstitution(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar]) -> Bool {
        guard x.count == y.count, x.count >= 4 else { return false }
        var differences = 0
        for i in x.indices where x[i] != y[i] {
            differences += 1
            if differences > 1 { return false }
        }
        return differences == 1
    }

    // MARK: - Numbers

    /// What a table cell holds, read as a value.
    enum Reading: Equatable {
        case blank
        /// A number; `inferred` when written with nianbao's own mark for an inferred value (`12*`).
        case number(Double, inferred: Bool = false)
        /// Looks like a value but cannot be read (OCR noise such as `4+H`).
        case unreadable(String)
        /// Text: a label, not a value.
        case text

        var isNumber: Bool {
            if case .number = self { return true } else { return false }
        }

        /// The number, printed or inferred; nil for anything else.
        var number: Double? {
            if case .number(let x, _) = self { return x } else { return nil }
        }

        /// What a table's value cell shows: a number, or one that cannot be read (not blank, not text).
        var isValue: Bool {
            switch self {
            case .number, .unreadable: return true
            case .blank, .text: return false
            }
        }
    }

    /// Reads a printed value: full-width digits, thousands separators, OCR confusions of 0 and 1.
    /// Dashes and slashes alone are blank (never zero).
    static func read(_ raw: String) -> Reading {
        raw.utf8.count <= 200 ? readings.value(raw, computeReading) : computeReading(raw)
    }

    private static let readings = Memo<UTF8Key, Reading>()

    private static func computeReading(_ raw: String) -> Reading {
        var s = halfWidth(stripMarkup(raw)).trimmed
        if s.isEmpty { return .blank }
        // nianbao's own marks, so that its output reads back to the same values: 12* inferred, 5! conflicting, ? missing.
        if s == ValueMark.missing.symbol { return .blank }
        if s.count > 1, s.hasSuffix(ValueMark.inferred.symbol), case .number(let x, _) = read(String(s.dropLast())) {
            return .number(x, inferred: true)
        }
        if s.count > 1, s.hasSuffix(ValueMark.conflicting.symbol) { s.removeLast() }
        if ["-", "—", "–", "/", "\\", "－", "——", "--", "无", "空"].contains(s) { return .blank }
        var cleaned = ""
        var letters = 0
        for ch in s {
            switch ch {
            case "0"..."9", ".": cleaned.append(ch)
            case "O", "o", "〇":
                cleaned.append("0")
                letters += 1
            case "l", "I", "|", "i":
                cleaned.append("1")
                letters += 1
            case ",", "，", " ": continue
            case "+" where cleaned.isEmpty, "-" where cleaned.isEmpty: cleaned.append(ch)
            default:
                return looksNumeric(s) ? .unreadable(s) : .text
            }
        }
        // OCR reads 0 as O and 1 as l: accepted in a lone character or beside real digits, not in words.
        if letters > 0 && cleaned.count > 1 && letters * 2 > cleaned.count { return looksNumeric(s) ? .unreadable(s) : .text }
        if let value = Double(cleaned), cleaned.contains(where: \.isNumber) { return .number(value) }
        return .unreadable(s)
    }

    /// A short cell without CJK text that holds a digit or is mostly symbols: a garbled number.
    static func looksNumeric(_ s: String) -> Bool {
        guard s.count <= 12 else { return false }
        let cjk = s.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count
        if cjk > 1 { return false }
        // Digits, not numerals: （三） is a numbered heading, not a garbled value.
        return s.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) || s.allSatisfy { !$0.isLetter || $0.isASCII }
    }
}
