/// How a canonical value came about, for writers to show: every format marks these visibly.
public enum ValueMark: String, Codable, Sendable, CaseIterable {
    case inferred, missing, conflicting

    /// The symbol written after (or instead of) the value.
    public var symbol: String {
        switch self {
        case .inferred: return "*"
        case .missing: return "?"
        case .conflicting: return "!"
        }
    }

    /// The legend line for the symbol.
    public var legend: String {
        switch self {
        case .inferred: return "* 推算值：原文空缺或无法辨认，由表格勾稽关系唯一确定 (inferred from the table's rules)"
        case .missing: return "? 缺失：原文空缺或无法辨认，勾稽关系不能确定 (missing: not printed, not fixed by the rules)"
        case .conflicting: return "! 矛盾：原文数值与勾稽关系不符 (conflicting: printed, but the rules contradict it)"
        }
    }
}
