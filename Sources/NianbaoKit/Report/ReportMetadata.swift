import Foundation

/// The report's agency, year and publication date, where the report prints them.
struct ReportMetadata {
    var title: String?
    /// The document blocks the title was read from.
    var titleBlocks: [Int] = []
    var agency: String?
    var year: Int?
    var published: String?

    /// How the names of the bodies that publish these reports end.
    static let agencySuffixes = ["镇", "乡", "街道", "办事处", "政府", "局", "委", "委员会", "办公室", "办", "中心", "院", "所", "厅", "署", "站", "队", "区", "县", "市", "旗"]

    /// `header`: the document as read, when `document` is it with a crawler's header left out
    /// (`GluedRuns`): its date fields (`发布时间: …`) still date the report.
    init(_ document: Document, header: Document? = nil) {
        var lines = Lines(document)
        readTitle(&lines)
        if let title { readAgencyAndYear(fromTitle: title) }
        // The statistics period (统计期限) fixes the year better than the title.
        if let period = Self.statisticsYear(&lines) { year = period }
        // Neither a title nor a statistics period (an extract that starts at its first section): the
        // overview's opening words name the year, and perhaps the agency.
        if title == nil && year == nil { readOpening(&lines) }
        // The date signed at the end; else the date a web page or its crawler says it was published.
        published = Self.publicationDate(&lines) ?? Self.publishedField(&lines)
        if published == nil, let header {
            var headerLines = Lines(header)
            published = Self.publishedField(&headerLines)
        }
    }

    /// The text blocks that can hold what is looked for: the first 40 and the last 8. Each is
    /// cleaned only where looked at: most blocks are long paragraphs that hold none of it.
    struct Lines {
        var blocks: [(index: Int, text: String)] = []
        private var cleaned: [String?] = []

        init(_ document: Document) {
            for (index, block) in document.blocks.enumerated() {
                switch block {
                case .heading(_, let t), .paragraph(let t): blocks.append((index, t))
                case .table: continue
                }
            }
            if blocks.count > 48 { blocks = Array(blocks.prefix(40) + blocks.suffix(8)) }
            cleaned = [String?](repeating: nil, count: blocks.count)
        }

        var count: Int { blocks.count }

        /// Block `i`'s text, markup stripped, half-width, trimmed.
        mutating func text(_ i: Int) -> String {
            if let known = cleaned[i] { return known }
            var clean = LabelText.halfWidth(LabelText.stripMarkup(blocks[i].text)).trimmed
            // Text laid out by position (pdfplumber's layout) spreads a title's words over wide gaps.
            if clean.contains("  ") { clean = clean.replacingOccurrences(of: " {2,}", with: " ", options: .regularExpression) }
            cleaned[i] = clean
            return clean
        }
    }

    /// The title: among the first lines, one that names the report, possibly broken over two lines.
    private mutating func readTitle(_ lines: inout Lines) {
        func isTitle(_ spaced: String) -> Bool {
            // Words broken by spaces (`年度报 告`) still name the report.
            let s = spaced.replacingOccurrences(of: " ", with: "")
            return s.count <= 70 && s.contains("报告") && (s.contains("政府信息公开") || s.contains("年度"))
                && !s.contains("根据") && !s.contains("《") && !s.contains("。")
        }
        for i in 0..<min(6, lines.count) {
            let line = Self.withoutFieldName(lines.text(i))
            if isTitle(line) {
                title = line
                titleBlocks = [lines.blocks[i].index]
                return
            }
            if i + 1 < lines.count, line.count <= 50, lines.text(i + 1).count <= 40, isTitle(line + lines.text(i + 1)) {
                title = line + lines.text(i + 1)
                titleBlocks = [lines.blocks[i].index, lines.blocks[i + 1].index]
                return
            }
        }
    }

    /// The agency named before the year (or before 政府信息公开) in the title, or after a year that
    /// starts it (`2024年上海市科委政府信息公开工作年度报告`), and the year. A site's breadcrumb before
    /// the title (`首页>政务公开>政府信息公开年报塘德市应急管理局…`) is not part of the agency.
    private mutating func readAgencyAndYear(fromTitle title: String) {
        var compact = title.replacingOccurrences(of: " ", with: "")
        if let crumb = compact.lastIndex(where: { Self.breadcrumbSeparators.contains($0) }) {
            compact = String(compact[compact.index(after: crumb)...])
            while let column = Self.siteColumns.first(where: { compact.hasPrefix($0) && compact.count > $0.count + 4 }) {
                compact.removeFirst(column.count)
            }
        }
        if let yearRange = compact.range(of: "(19|20)\\d{2}年度?", options: .regularExpression) {
            var name = String(compact[..<yearRange.lowerBound])
            if name.isEmpty, let end = compact.range(of: "政府信息公开") ?? compact.range(of: "政务公开"),
                yearRange.upperBound < end.lowerBound
            {
                name = String(compact[yearRange.upperBound..<end.lowerBound])
            }
            if !name.isEmpty { agency = Self.expandingAbbreviation(name) }
            year = Int(compact[yearRange].prefix(4))
        } else if let r = compact.range(of: "政府信息公开") {
            let prefix = String(compact[..<r.lowerBound])
            if !prefix.isEmpty { agency = Self.expandingAbbreviation(prefix) }
        }
    }

    /// What separates the steps of a site's breadcrumb.
    static let breadcrumbSeparators: Set<Character> = [">", "›", "»", "＞", "→"]
    /// Names of a site's columns that a breadcrumb's last step may start with, before the title.
    static let siteColumns = ["政府信息公开年报", "政府信息公开年度报告", "信息公开年报", "政务公开年报", "年度报告", "年报"]

    /// The name of a field a crawler or a page's metadata puts before a value (`标题:`, `名称：`).
    static let fieldNames = ["标题", "题目", "名称", "文章标题", "信息名称", "Title", "title"]

    /// A line without the field name a crawler put before it (`标题: 平潭…报告` → `平潭…报告`).
    static func withoutFieldName(_ line: String) -> String {
        for name in fieldNames where line.hasPrefix(name) {
            let rest = line.dropFirst(name.count).drop { $0 == " " }
            if rest.first == ":" || rest.first == "：" { return String(rest.dropFirst()).trimmed }
        }
        return line
    }

    /// The full name of an agency that the title gives in its usual short form (`上海市科委`): the
    /// short forms of `agencyAbbreviations` at the end of the name, after a place.
    static func expandingAbbreviation(_ name: String) -> String {
        for (short, full) in agencyAbbreviations where name.hasSuffix(short) && name.count > short.count {
            let place = name.dropLast(short.count)
            guard place.hasSuffix("市") || place.hasSuffix("省") || place.hasSuffix("县") || place.hasSuffix("区") else { continue }
            return place + full
        }
        return name
    }

    /// Short forms of the names of government bodies that stand for one name only.
    static let agencyAbbreviations: [(String, String)] = [
        ("科委", "科学技术委员会"), ("发改委", "发展和改革委员会"), ("发改局", "发展和改革局"), ("经信委", "经济和信息化委员会"),
        ("经信局", "经济和信息化局"), ("住建委", "住房和城乡建设委员会"), ("住建局", "住房和城乡建设局"), ("人社局", "人力资源和社会保障局"),
        ("卫健委", "卫生健康委员会"), ("卫健局", "卫生健康局"), ("市监局", "市场监督管理局"), ("教委", "教育委员会"), ("民宗委", "民族宗教事务委员会"), ("侨办", "人民政府侨务办公室"),
    ]

    /// The year the statistics period (统计期限) starts, from 1 January.
    private static func statisticsYear(_ lines: inout Lines) -> Int? {
        for i in 0..<min(40, lines.count) where lines.blocks[i].text.contains("统计") {
            let compact = lines.text(i).replacingOccurrences(of: " ", with: "")
            if let r = compact.range(of: "(19|20)\\d{2}年1月1日", options: .regularExpression) {
                return Int(compact[r].prefix(4))
            }
        }
        return nil
    }

    /// The overview's opening words, "2023年，本机关…" or "青龙镇2023年主动公开…": the year, and a
    /// short place or body name before it the agency.
    private mutating func readOpening(_ lines: inout Lines) {
        for i in 0..<min(12, lines.count) {
            let compact = lines.text(i).replacingOccurrences(of: " ", with: "")
            guard
                let r = compact.range(
                    of: "^[^，。、：；,.:;“”《》（）()0-9]{0,15}?(19|20)\\d{2}年(?![0-9一二三四五六七八九十]{1,2}月)",
                    options: .regularExpression)
            else { continue }
            let opening = compact[r]
            let prefix = String(opening.dropLast(5))
            // Only the year alone, or after a name (根据2019年… names no report year).
            let named = Self.agencySuffixes.contains { prefix.hasSuffix($0) }
            guard prefix.isEmpty || named else { continue }
            year = Int(opening.suffix(5).prefix(4))
            if agency == nil && named { agency = prefix }
            return
        }
    }

    /// The date a field among the first lines gives (`发布时间: 2020-01-20 15:22`, `公开日期：2024年1月17日`),
    /// as yyyy-mm-dd: what a web page or its crawler says of the publication.
    private static func publishedField(_ lines: inout Lines) -> String? {
        for i in 0..<min(12, lines.count) {
            let line = lines.text(i).replacingOccurrences(of: " ", with: "")
            guard
                let r = line.range(
                    of: "^(发布时间|发布日期|公开日期|发文日期|成文日期)[:：](19|20)\\d{2}[-年./]\\d{1,2}[-月./]\\d{1,2}",
                    options: .regularExpression)
            else { continue }
            return isoDate(line[r].drop { !$0.isNumber })
        }
        return nil
    }

    /// A date printed as its year, month and day numbers (`2024年1月17日`, `2024-01-17`), as yyyy-mm-dd.
    private static func isoDate(_ printed: Substring) -> String? {
        let parts = printed.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return parts.count == 3 ? String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2]) : nil
    }

    /// The date printed under the signature at the end, as yyyy-mm-dd.
    private static func publicationDate(_ lines: inout Lines) -> String? {
        for i in (max(0, lines.count - 8)..<lines.count).reversed() where lines.text(i).hasSuffix("日") && lines.text(i).utf8.count <= 64 {
            let compact = lines.text(i).replacingOccurrences(of: " ", with: "")
            if let r = compact.range(of: "^(19|20)\\d{2}年\\d{1,2}月\\d{1,2}日$", options: .regularExpression) {
                return isoDate(compact[r])
            }
        }
        return nil
    }
}
