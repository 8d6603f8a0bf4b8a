import Foundation

/// A table row's values printed with nothing between them (`801000081`, `20 0 0 0 02`), as a
/// crawler flattens a web page's table (`GluedRuns`): the ways it reads as a given number of cells.
///
/// Each cell is a non-negative integer without a leading zero (a lone `0` aside); a space in the
/// run is a boundary between cells. A run with a decimal point is one value.
struct DigitRun: Sendable, Equatable {
    /// The digits between the run's spaces, in order.
    let pieces: [[UInt8]]
    /// The run as printed (trimmed).
    let text: String
    /// The value of a run that holds a decimal point (`5949.088667`): it reads as one cell only.
    let decimal: Double?

    /// Most digits in one cell: longer is no count a report prints.
    static let longestCell = 12

    /// Nil unless the text is digits and spaces, or one decimal number.
    init?(_ printed: String) {
        let text = LabelText.halfWidth(printed).trimmed
        if text.contains(".") {
            guard !text.contains(" "), text.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }),
                text.filter({ $0 == "." }).count == 1, let value = Double(text), text.first != ".", text.last != "."
            else { return nil }
            (self.text, pieces, decimal) = (text, [], value)
            return
        }
        guard !text.isEmpty, text.allSatisfy({ $0 == " " || ("0"..."9").contains($0) }) else { return nil }
        self.text = text
        pieces = text.split(separator: " ").map { $0.utf8.map { $0 - UInt8(ascii: "0") } }
        decimal = nil
    }

    /// Every way of reading the run as `count` cells, in order; nil when there are more than
    /// `limit` (the run is then read as nothing).
    func splits(into count: Int, limit: Int = 20_000) -> [[Double]]? {
        if let decimal { return count == 1 ? [[decimal]] : [] }
        guard count >= pieces.count, count <= pieces.reduce(0, { $0 + $1.count }) else { return [] }
        guard waysCount(count) <= limit else { return nil }
        var out: [[Double]] = []
        var current: [Double] = []
        extend(piece: 0, remaining: count, current: &current, into: &out)
        return out
    }

    /// How many splits of the run into `count` cells there are, counted without making them.
    func waysCount(_ count: Int) -> Int {
        // ways[j]: splits of the pieces so far into j cells.
        var ways = [Int](repeating: 0, count: count + 1)
        ways[0] = 1
        for piece in pieces {
            let within = Self.splitCounts(piece, most: count)
            var next = [Int](repeating: 0, count: count + 1)
            for (j, w) in ways.enumerated() where w > 0 {
                for (parts, n) in within.enumerated() where n > 0 && j + parts <= count {
                    next[j + parts] = min(next[j + parts] + w * n, Int.max / 4)
                }
            }
            ways = next
        }
        return ways[count]
    }

    /// For each number of cells, how many ways one piece splits into that many.
    static func splitCounts(_ digits: [UInt8], most: Int) -> [Int] {
        // ways[i][j]: the first i digits as j cells.
        var ways = [[Int]](repeating: [Int](repeating: 0, count: most + 1), count: digits.count + 1)
        ways[0][0] = 1
        for i in 0..<digits.count {
            for length in 1...min(longestCell, digits.count - i) where length == 1 || digits[i] != 0 {
                for j in 0..<most where ways[i][j] > 0 {
                    ways[i + length][j + 1] = min(ways[i + length][j + 1] + ways[i][j], Int.max / 4)
                }
            }
        }
        return ways[digits.count]
    }

    /// Cuts the pieces from `piece` on into `remaining` cells after `current`.
    private func extend(piece: Int, remaining: Int, current: inout [Double], into out: inout [[Double]]) {
        guard piece < pieces.count else {
            if remaining == 0 { out.append(current) }
            return
        }
        let digits = pieces[piece]
        let later = pieces[(piece + 1)...]
        // Each later piece takes one cell at least and one digit a cell at most.
        let leastLater = later.count
        let mostLater = later.reduce(0) { $0 + $1.count }
        let (fewest, most) = (max(1, remaining - mostLater), min(digits.count, remaining - leastLater))
        guard fewest <= most else { return }
        for parts in fewest...most {
            cut(digits, from: 0, parts: parts, current: &current) { current in
                extend(piece: piece + 1, remaining: remaining - parts, current: &current, into: &out)
            }
        }
    }

    /// Cuts `digits[from...]` into `parts` numbers after `current`, calling `done` for each way.
    private func cut(_ digits: [UInt8], from start: Int, parts: Int, current: inout [Double], done: (inout [Double]) -> Void) {
        let left = digits.count - start
        if parts == 1 {
            guard left <= Self.longestCell, left == 1 || digits[start] != 0 else { return }
            current.append(Self.value(digits[start...]))
            done(&current)
            current.removeLast()
            return
        }
        let longest = digits[start] == 0 ? 1 : min(Self.longestCell, left - (parts - 1))
        guard longest >= 1 else { return }
        for length in 1...longest {
            current.append(Self.value(digits[start..<(start + length)]))
            cut(digits, from: start + length, parts: parts - 1, current: &current, done: done)
            current.removeLast()
        }
    }

    private static func value(_ digits: ArraySlice<UInt8>) -> Double {
        Double(digits.reduce(0) { $0 * 10 + Int($1) })
    }
}
