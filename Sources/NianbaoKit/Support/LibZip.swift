import CLibZip
import Foundation

/// A read-only zip archive held in memory, read with libzip.
///
/// The only place that touches libzip: the rest of nianbao sees entry names and `Data`.
final class ZipArchive {
    private let archive: OpaquePointer
    private let buffer: UnsafeMutableRawBufferPointer
    let path: String
    let limits: ReadLimits

    /// Opens an archive file in place (for batches: nothing is read until an entry is).
    init(path: String, limits: ReadLimits = .default) throws {
        self.path = path
        self.limits = limits
        buffer = .allocate(byteCount: 1, alignment: 8)
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            buffer.deallocate()
            throw NianbaoError.notAnArchive(path: path, reason: Self.reason(&error))
        }
        self.archive = archive
        let count = Int(zip_get_num_entries(archive, 0))
        if count > limits.maxEntries * 100 {
            throw NianbaoError.limitExceeded(path: path, limit: "\(count) zip entries")
        }
    }

    init(data: Data, path: String, limits: ReadLimits = .default) throws {
        self.path = path
        self.limits = limits
        buffer = .allocate(byteCount: max(1, data.count), alignment: 8)
        data.copyBytes(to: buffer)
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(buffer.baseAddress, zip_uint64_t(data.count), 0, &error) else {
            buffer.deallocate()
            throw NianbaoError.notAnArchive(path: path, reason: String(cString: zip_error_strerror(&error)))
        }
        guard let archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) else {
            zip_source_free(source)
            buffer.deallocate()
            throw NianbaoError.notAnArchive(path: path, reason: Self.reason(&error))
        }
        self.archive = archive
        let count = Int(zip_get_num_entries(archive, 0))
        if count > limits.maxEntries {
            throw NianbaoError.limitExceeded(path: path, limit: "\(count) zip entries (at most \(limits.maxEntries))")
        }
        try checkNames()
        checksTotal = true
        var declaredTotal = 0
        for index in 0..<count {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            if zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0, (stat.valid & zip_uint64_t(ZIP_STAT_SIZE)) != 0 {
                declaredTotal = declaredTotal.addingReportingOverflow(Int(clamping: stat.size)).partialValue
            }
        }
        if declaredTotal > limits.maxTotalBytes || declaredTotal < 0 {
            throw NianbaoError.limitExceeded(
                path: path, limit: "the entries inflate to \(declaredTotal) bytes in all (at most \(limits.maxTotalBytes))")
        }
    }

    /// Whether the total of all entries is limited (a document's own archive; not a batch's
    /// container of many documents, whose entries are limited one by one).
    private var checksTotal = false
    /// Bytes inflated from this archive so far.
    private var inflatedTotal = 0

    /// libzip's reason for refusing an archive, in words a user can act on where libzip's are terse.
    private static func reason(_ error: inout zip_error_t) -> String {
        switch zip_error_code_zip(&error) {
        case ZIP_ER_INCONS: return "the central directory and the entries disagree (forged or overlapping entries)"
        case ZIP_ER_EXISTS: return "duplicate entry names"
        default: break
        }
        return String(cString: zip_error_strerror(&error))
    }

    /// Refuses archives whose entry names repeat, climb out (`../`) or are absolute: no Office file
    /// has them, and they are how archives smuggle a second document or a path outside a folder.
    private func checkNames() throws {
        var seen = Set<String>()
        for name in entryNames {
            let parts = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
            if name.hasPrefix("/") || name.hasPrefix("\\") || parts.contains("..") || (parts.first?.contains(":") ?? false) {
                throw NianbaoError.notAnArchive(path: path, reason: "unsafe entry name \(name)")
            }
            if !seen.insert(name.lowercased()).inserted {
                throw NianbaoError.notAnArchive(path: path, reason: "duplicate entry name \(name)")
            }
        }
    }

    deinit {
        zip_discard(archive)
        buffer.deallocate()
    }

    /// The names of every entry, in central-directory order.
    var entryNames: [String] {
        let count = zip_get_num_entries(archive, 0)
        guard count > 0 else { return [] }
        return (0..<count).compactMap { index in
            zip_get_name(archive, zip_uint64_t(index), zip_flags_t(ZIP_FL_ENC_GUESS)).map { String(cString: $0) }
        }
    }

    /// True when an entry of that exact name exists.
    func contains(_ name: String) -> Bool {
        zip_name_locate(archive, name, zip_flags_t(ZIP_FL_ENC_GUESS)) >= 0
    }

    /// The uncompressed bytes of the entry `name`, or nil when there is none.
    /// Refuses entries over the size or compression-ratio limits, checked both against the
    /// sizes the archive declares and against the bytes actually inflated.
    func read(_ name: String) throws -> Data? {
        let index = zip_name_locate(archive, name, zip_flags_t(ZIP_FL_ENC_GUESS))
        guard index >= 0 else { return nil }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0 else {
            throw NianbaoError.notAnArchive(path: path, reason: "cannot stat entry \(name): \(lastError)")
        }
        let declared = (stat.valid & zip_uint64_t(ZIP_STAT_SIZE)) != 0 ? Int(clamping: stat.size) : 0
        let compressed = (stat.valid & zip_uint64_t(ZIP_STAT_COMP_SIZE)) != 0 ? Int(clamping: stat.comp_size) : 0
        if declared > limits.maxEntryBytes {
            throw NianbaoError.limitExceeded(path: path, limit: "entry \(name) inflates to \(declared) bytes (at most \(limits.maxEntryBytes))")
        }
        if (stat.valid & zip_uint64_t(ZIP_STAT_ENCRYPTION_METHOD)) != 0 && stat.encryption_method != ZIP_EM_NONE {
            throw NianbaoError.unsupportedFormat(path: path, reason: "entry \(name) is encrypted")
        }
        guard let file = zip_fopen_index(archive, zip_uint64_t(index), 0) else {
            throw NianbaoError.notAnArchive(path: path, reason: "cannot open entry \(name): \(lastError)")
        }
        defer { zip_fclose(file) }
        let allowed = min(limits.maxEntryBytes, max(64 << 10, compressed * limits.maxCompressionRatio))
        var out = Data()
        out.reserveCapacity(min(declared, allowed))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t($0.count)) }
            if n < 0 {
                let reason = String(cString: zip_error_strerror(zip_file_get_error(file)))
                throw NianbaoError.notAnArchive(path: path, reason: "entry \(name) is damaged: \(reason)")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
            if out.count > allowed {
                throw NianbaoError.limitExceeded(path: path, limit: "entry \(name) inflates past \(allowed) bytes (compression ratio or size limit)")
            }
            if checksTotal && inflatedTotal + out.count > limits.maxTotalBytes {
                throw NianbaoError.limitExceeded(path: path, limit: "the entries read inflate past \(limits.maxTotalBytes) bytes in all")
            }
        }
        inflatedTotal += out.count
        return out
    }

    private var lastError: String {
        String(cString: zip_strerror(archive))
    }

    /// True when `data` starts like a zip archive (local file header or empty-archive record).
    static func looksLikeZip(_ data: Data) -> Bool {
        let magic = data.prefix(4)
        return magic.elementsEqual([0x50, 0x4B, 0x03, 0x04]) || magic.elementsEqual([0x50, 0x4B, 0x05, 0x06])
    }
}

/// Builds a zip archive in memory with libzip (deflated entries, fixed timestamps so that the same
/// input gives the same bytes).
enum ZipWriter {
    static func archive(_ entries: [(name: String, data: Data)]) throws -> Data {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let target = zip_source_buffer_create(nil, 0, 0, &error) else {
            throw NianbaoError.io(path: "-", reason: "libzip: \(String(cString: zip_error_strerror(&error)))")
        }
        zip_source_keep(target)
        defer { zip_source_free(target) }
        guard let archive = zip_open_from_source(target, ZIP_TRUNCATE, &error) else {
            throw NianbaoError.io(path: "-", reason: "libzip: \(String(cString: zip_error_strerror(&error)))")
        }
        var buffers: [UnsafeMutableRawBufferPointer] = []
        defer { for buffer in buffers { buffer.deallocate() } }
        for entry in entries {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, entry.data.count), alignment: 8)
            entry.data.copyBytes(to: buffer)
            buffers.append(buffer)
            guard let source = zip_source_buffer(archive, buffer.baseAddress, zip_uint64_t(entry.data.count), 0) else {
                zip_discard(archive)
                throw NianbaoError.io(path: "-", reason: "libzip: cannot add \(entry.name)")
            }
            let index = zip_file_add(archive, entry.name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
            if index < 0 {
                zip_source_free(source)
                zip_discard(archive)
                throw NianbaoError.io(path: "-", reason: "libzip: cannot add \(entry.name)")
            }
            zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_DEFLATE, 6)
            zip_file_set_mtime(archive, zip_uint64_t(index), 1_704_067_200, 0)  // 2024-01-01
        }
        guard zip_close(archive) == 0 else {
            let reason = String(cString: zip_strerror(archive))
            zip_discard(archive)
            throw NianbaoError.io(path: "-", reason: "libzip: \(reason)")
        }
        // Read the finished archive back out of the buffer source.
        guard zip_source_open(target) == 0 else { throw NianbaoError.io(path: "-", reason: "libzip: cannot reopen the archive") }
        defer { zip_source_close(target) }
        var out = Data()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { zip_source_read(target, $0.baseAddress, zip_uint64_t($0.count)) }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return out
    }
}
