import CLibFuzzer
import Foundation
import NianbaoKit

/// Hands the process to libFuzzer's driver (which takes the usual libFuzzer options and corpus
/// folders), running the whole pipeline (`FuzzHarness`) on every input as `format`.
/// SwiftPM links an executable's entry point as `<module>_main`: each target defines that and calls this.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, format: InputFormat) -> CInt {
    var argc = argc
    var argv = argv
    // The driver takes a C function, which captures nothing: one per format, no shared state.
    switch format {
    case .docx:
        return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            FuzzHarness.run(Data(bytes: bytes!, count: count), format: .docx)
            return 0
        }
    case .html:
        return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            FuzzHarness.run(Data(bytes: bytes!, count: count), format: .html)
            return 0
        }
    case .text:
        return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            FuzzHarness.run(Data(bytes: bytes!, count: count), format: .text)
            return 0
        }
    }
}
