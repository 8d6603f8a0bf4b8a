import CLibCrypto
import Foundation

/// The SHA-256 of a document's bytes, as lowercase hex (the key by which a batch knows a document
/// it has already done), computed by the system's libcrypto (OpenSSL).
enum SHA256Digest {
    static func hex(of data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { bytes in
            EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when out of memory; a batch cannot go on then.
        precondition(ok == 1 && length == 32, "libcrypto could not compute a SHA-256")
        let hexDigits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest.prefix(Int(length)) {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
