import Foundation

/// A value shared between threads, read and changed only under its lock.
///
/// What `Synchronization.Mutex` does, with an `NSLock`, so the package keeps building for its
/// deployment target (macOS 13; `Mutex` needs macOS 15).
final class Locked<Value: Sendable>: @unchecked Sendable {  // `value` is guarded by `lock`
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
