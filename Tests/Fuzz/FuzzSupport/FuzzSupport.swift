import CLibFuzzer
import Foundation
import NianbaoKit

/// The reader the running fuzz target feeds (one target per process, set before fuzzing starts).
private var fuzzedFormat: InputFormat = .text

/// Hands the process to libFuzzer's driver (which takes the usual libFuzzer options and corpus
/// folders), running the whole pipeline (`FuzzHarness`) on every input as `format`.
/// SwiftPM links an executable's entry point as `<module>_main`: each target defines that and calls this.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, format: InputFormat) -> CInt {
    fuzzedFormat = format
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        FuzzHarness.run(Data(bytes: bytes!, count: count), format: fuzzedFormat)
        return 0
    }
}
