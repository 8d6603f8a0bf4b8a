import Foundation
import Testing

@testable import NianbaoKit

/// A row of PDF text that shows one value fewer than its columns: where the dropped blank goes.
@Suite("Placing a value that text extraction dropped")
struct GapPlacementTests {
    static let matcher = TableMatcher(
        spec: try! TemplateLibrary.embedded().variants(of: "applications").first { $0.fileName == "applications.2021" }!)
    static let columns = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]

    static func numbers(_ values: [Double]) -> [LabelText.Reading] { values.map { .number($0) } }

    @Test("a lost total column: the gap can only be the total (elsewhere the rule would need a negative count)")
    func lostTotal() throws {
        let placed = try #require(Self.matcher.placeByRowRules(Self.numbers([120, 9, 0, 0, 18, 0]), columns: Self.columns))
        #expect(placed == Self.numbers([120, 9, 0, 0, 18, 0]) + [.blank])
    }

    @Test("a row of zeros: every place gives the same values, and the gap goes to the sum column")
    func zeros() throws {
        let placed = try #require(Self.matcher.placeByRowRules(Self.numbers([0, 0, 0, 0, 0, 0]), columns: Self.columns))
        #expect(placed == Self.numbers([0, 0, 0, 0, 0, 0]) + [.blank])
    }

    @Test("places that give different values leave the row unplaced")
    func ambiguous() {
        // A blank lost in the middle (natural 5, commercial blank, research 2, total 7) reads the same
        // as a lost total of 14: both fit the rule with possible counts, so neither is chosen.
        #expect(Self.matcher.placeByRowRules(Self.numbers([5, 2, 0, 0, 0, 7]), columns: Self.columns) == nil)
        #expect(Self.matcher.placeByRowRules(Self.numbers([0, 3, 0, 0, 0, 4]), columns: Self.columns) == nil)
    }

    @Test("property: a lost total column is always recovered, and never misplaced", arguments: 0..<200)
    func randomRows(_ seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed + 1))
        let six = (0..<6).map { _ in Double(Int.random(in: 0...3, using: &generator) == 0 ? 0 : Int.random(in: 0...50, using: &generator)) }
        let placed = Self.matcher.placeByRowRules(Self.numbers(six), columns: Self.columns)
        // The only fit with the values as printed (when some value is positive, a gap elsewhere makes
        // the last printed value the total, smaller than the sum of the rest), or the zero row.
        #expect(placed == Self.numbers(six) + [.blank] || (placed == nil && six.last! >= six.dropLast().reduce(0, +) && six.contains { $0 > 0 }))
    }
}

/// A small deterministic generator for property tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// How a printed cell is read as a value.
@Suite("Reading printed values")
struct ValueReadingTests {
    @Test("digits, full-width digits, OCR's O and l, separators; dashes and blanks are no value")
    func numbers() {
        #expect(LabelText.read("12") == .number(12))
        #expect(LabelText.read("１２") == .number(12))
        #expect(LabelText.read("1,234") == .number(1234))
        #expect(LabelText.read("1O") == .number(10))
        #expect(LabelText.read("—") == .blank)
        #expect(LabelText.read("") == .blank)
        #expect(LabelText.read("4+H") == .unreadable("4+H"))
    }

    @Test("a numbered heading such as （三） is text, not a garbled value (Chinese numerals are not digits)")
    func numberedHeadings() {
        #expect(LabelText.read("（三）") == .text)
        #expect(LabelText.read("(五)") == .text)
        #expect(LabelText.read("三") == .text)
    }
}

/// `pdftotext -layout` keeps columns by spaces: a row short of values is placed by where its values stand.
@Suite("Placing values by their columns in space-aligned text")
struct ColumnAnchorTests {
    static let matcher = GapPlacementTests.matcher

    /// A line with the label first and each value starting at its column's character position (nil: blank).
    static func line(_ label: String, _ values: [Int?]) -> String {
        var text = label
        for (j, value) in values.enumerated() {
            let start = 34 + 6 * j
            text += String(repeating: " ", count: max(2, start - text.count))
            if let value { text += String(value) } else { text += " " }
        }
        return text
    }

    static func read(_ lines: [String]) -> TableMatch {
        matcher.match(SourceRow.rows(of: Document(blocks: [.paragraph((["申请人情况", "自然人  商业企业  总计"] + lines).joined(separator: "\n"))])))
    }

    @Test("a blank in the middle of a row goes where the other rows' values stand; a value far from every column is not placed")
    func anchors() throws {
        let full = [
            Self.line("一、本年新收政府信息公开申请数量", [69, 28, 0, 0, 0, 0, 97]),
            Self.line("二、上年结转政府信息公开申请数量", [6, 0, 0, 0, 0, 0, 6]),
            Self.line("（一）予以公开", [32, 14, 0, 0, 0, 0, 46]),
        ]
        // Two blanks (commercial and research): neither the count nor the row rule can place them.
        let match = Self.read(full + [Self.line("1. 属于国家秘密", [1, nil, nil, 0, 0, 1, 2])])
        let row = try #require(match.values["withheld.state_secret"])
        #expect(row["natural_person"] == CanonicalValue(value: 1, status: .printed))
        #expect(row["commercial"]?.status == .missing && row["research"]?.status == .missing)
        #expect(row["other_org"] == CanonicalValue(value: 1, status: .printed))
        #expect(row["total"] == CanonicalValue(value: 2, status: .printed))
        // A value halfway between two columns is in doubt: the row is left missing.
        var odd = Self.line("1. 属于国家秘密", [nil, nil, nil, 0, 0, 1, 2])
        odd.replaceSubrange(odd.index(odd.startIndex, offsetBy: 37)..<odd.index(odd.startIndex, offsetBy: 38), with: "1")
        let doubtful = Self.read(full + [odd])
        #expect(doubtful.values["withheld.state_secret"]?["natural_person"] == nil)
    }
}
