import Foundation

/// Whether this run takes every seed of the property tests: `NIANBAO_LONG=1` (`.ci/run` makes one
/// such run). `NIANBAO_FEW_SEEDS` (set by `Scripts/test-asan.sh`, where the searches of the raw-order
/// properties run several times slower) keeps the few seeds even then.
let longRun =
    ProcessInfo.processInfo.environment["NIANBAO_LONG"] == "1"
    && ProcessInfo.processInfo.environment["NIANBAO_FEW_SEEDS"] == nil

/// The seeds of a property test: all of `range` in a long run (`NIANBAO_LONG=1`); otherwise, in the
/// default suite, a fixed few: its first tenth (at least three), so that every property is still
/// exercised while the suite stays fast (the seeded aligner cases take ~15 minutes of 2 cores in all).
func seeds(_ range: Range<Int>) -> [Int] {
    longRun ? Array(range) : Array(range.prefix(max(3, range.count / 10)))
}
