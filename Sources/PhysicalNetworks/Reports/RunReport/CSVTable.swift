import Foundation

/// A small comma-separated table read whole: a header line and rows of cells (RFC 4180 quoting:
/// a cell in double quotes may hold commas and `""` for a quote). Blank lines are skipped; a row
/// with a different number of cells than the header is an error naming its line.
struct CSVTable: Sendable {
    /// The file, as the user named it (messages say `path:line: …`).
    let path: String
    let header: [String]
    /// The rows, each with its 1-based line number in the file.
    let rows: [(line: Int, cells: [String])]

    /// Reads `path`.
    /// - Throws: `RunFileError` if the file cannot be read, has no header, or a row is ragged.
    init(contentsOf path: String) throws(RunFileError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RunFileError("cannot read: \(error.localizedDescription)", path: path)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (line: $0.offset + 1, text: $0.element.hasSuffix("\r") ? String($0.element.dropLast()) : String($0.element)) }
            .filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !lines.isEmpty else { throw RunFileError("is empty (expected a header line)", path: path) }
        self.path = path
        header = Self.cells(of: lines.removeFirst().text).map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [(line: Int, cells: [String])] = []
        for line in lines {
            let cells = Self.cells(of: line.text)
            guard cells.count == header.count else {
                throw RunFileError("\(cells.count) cells in a row, but the header has \(header.count)",
                                   path: "\(path):\(line.line)")
            }
            rows.append((line.line, cells))
        }
        self.rows = rows
    }

    /// The index of column `name`, if the header has it.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Column `index` as numbers: `nan`, `inf` and an empty cell read as NaN (missing).
    /// - Throws: `RunFileError` naming the line and column of a cell that is not a number.
    func numbers(inColumn index: Int) throws(RunFileError) -> [Double] {
        var values: [Double] = []
        for row in rows {
            let cell = row.cells[index].trimmingCharacters(in: .whitespaces)
            if cell.isEmpty { values.append(.nan); continue }
            guard let value = Double(cell) else {
                throw RunFileError("column '\(header[index])': '\(cell)' is not a number", path: "\(path):\(row.line)")
            }
            values.append(value)
        }
        return values
    }

    /// The cells of one line.
    static func cells(of line: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false
        var characters = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? characters.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = characters.next()
                    if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        cells.append(cell)
        return cells
    }
}

/// Writes CSV text: cells holding a comma, quote or line break are quoted.
enum CSVText {
    static func line(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { ",\"\n\r".contains($0) })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") + "\n"
    }

    /// A number in Swift's shortest round-trip form, integers without a fraction (`3`, `0.25`,
    /// `1e-09`, `nan`).
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
