import Foundation

/// A thread-safe memo table of a pure function, bounded in size (emptied when full).
///
/// Reports repeat the same labels and cell texts thousands of times across a batch; normalising and
/// fuzzy-matching each distinct text once, and sharing the answer between worker threads, is what
/// keeps extraction fast. The bound keeps a hostile file of millions of distinct texts from growing it.
final class Memo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {  // `table` is guarded by `lock`
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

/// A string compared and hashed by its UTF-8 bytes: cheaper than `String`'s own hashing, which
/// normalises non-ASCII text first. Strings that differ only in normalisation are different keys.
struct UTF8Key: Hashable, Sendable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        a.string.utf8.elementsEqual(b.string.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension Memo where Key == UTF8Key {
    /// The memoised value for a text, keyed by its bytes.
    func value(_ text: String, _ compute: (String) -> Value) -> Value {
        value(UTF8Key(text)) { compute($0.string) }
    }
}
