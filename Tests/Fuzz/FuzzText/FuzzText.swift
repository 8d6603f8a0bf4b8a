import FuzzSupport
import NianbaoKit

/// The Text reader and everything after it, on arbitrary bytes.
@_cdecl("FuzzText_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, format: .text)
}
