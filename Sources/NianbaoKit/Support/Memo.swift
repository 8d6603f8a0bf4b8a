import Foundation

/// A thread-safe memo table of a pure function, bounded in size (emptied when full).
///
/// Reports repeat the same labels and cell texts thousands of times across a batch; normalising and
/// fuzzy-matching each distinct text once, and sharing the answer between worker threads, is what
/// keeps extraction fast. The bound keeps a hostile file of millions of distinct texts from growing it.
final class Memo<Key: Hashable, Value>: @unchecked Sendable {
    private var table: [Key: Value] = [:]
    private let lock = NSLock()
    private let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The memoised value for `key`, computing it (outside the lock) when absent.
    func value(_ key: Key, _ compute: (Key) -> Value) -> Value {
        lock.lock()
        let known = table[key]
        lock.unlock()
        if let known { return known }
        let value = compute(key)
        lock.lock()
        if table.count >= capacity { table.removeAll(keepingCapacity: true) }
        table[key] = value
        lock.unlock()
        return value
    }
}
