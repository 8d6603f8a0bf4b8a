import CLibFuzzer
import Foundation
import NianbaoKit

/// The Text reader and everything after it, on arbitrary bytes (see FuzzHarness).
/// SwiftPM links an executable's entry point as `<module>_main`; this one hands over to libFuzzer's
/// driver, which takes the usual libFuzzer options and corpus folders.
@_cdecl("FuzzText_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        FuzzHarness.run(Data(bytes: bytes!, count: count), format: .text)
        return 0
    }
}
