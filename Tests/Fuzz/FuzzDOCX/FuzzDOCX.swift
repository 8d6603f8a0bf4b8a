import FuzzSupport
import NianbaoKit

/// The DOCX reader and everything after it, on arbitrary bytes.
@_cdecl("FuzzDOCX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, format: .docx)
}
