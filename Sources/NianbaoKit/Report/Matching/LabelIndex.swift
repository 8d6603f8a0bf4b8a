/// The label lookups of one table variant: what reading a table in reading order needs of label
/// matching (which row, column or group a line's text names), without the matching itself.
protocol LabelIndex: AnyObject {
    var spec: TableSpec { get }
    /// Each template row's place in the variant's row order.
    var rowIndex: [String: Int] { get }
    /// The row a label core names, with its similarity.
    func bestRow(_ core: String) -> (id: String, score: Double)?
    /// The row whose label begins with a label broken off at a line end (see `TableMatcher`).
    func bestPartialRow(_ fragment: String, minimumShare: Double) -> String?
    func bestColumn(_ core: String) -> String?
    func isGroupLabel(_ core: String) -> Bool
}

extension TableMatcher: LabelIndex {}
