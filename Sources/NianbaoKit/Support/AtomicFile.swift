import Foundation

/// Writes output so that a failure leaves either the old file or none, never half a file:
/// the bytes go to a temporary file beside the target, which is then renamed into place.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temporary, options: [])
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw NianbaoError.io(path: path, reason: "cannot write: \(reason)")
            }
        } catch let error as NianbaoError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw NianbaoError.io(path: path, reason: "cannot write: \((error as NSError).localizedDescription)")
        }
    }
}
