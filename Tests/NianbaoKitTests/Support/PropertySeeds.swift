import Foundation

/// The seeds of a property test: all of `range`, or only its first tenth (at least three) when
/// `NIANBAO_FEW_SEEDS` is set. `Scripts/test-asan.sh` sets it: under AddressSanitizer the searches
/// of the raw-order properties run several times slower, and that run looks for memory errors, which
/// a few seeds of each property reach as well; the plain suite (`Scripts/test.sh`) runs every seed.
func seeds(_ range: Range<Int>) -> [Int] {
    guard ProcessInfo.processInfo.environment["NIANBAO_FEW_SEEDS"] != nil else { return Array(range) }
    return Array(range.prefix(max(3, range.count / 10)))
}
