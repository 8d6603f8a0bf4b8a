import FuzzSupport
import NianbaoKit

/// The HTML reader and everything after it, on arbitrary bytes.
@_cdecl("FuzzHTML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, format: .html)
}
