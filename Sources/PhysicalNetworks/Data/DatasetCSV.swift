import Foundation

/// Reads a `Dataset` from a CSV file.
///
/// Format:
/// - The first line that is neither blank nor a comment is the **header**; it names every column.
/// - **The last K columns are targets**, K given by the caller (`targetCount`); all columns
///   before them are features, in order. So `x1,x2,y` with K = 1 has features x1, x2, target y.
/// - Every other non-blank line is one row: as many comma-separated values as the header has
///   columns, each a finite decimal number (Swift's `Double` syntax: `1`, `-0.5`, `2.5e-3`).
/// - Lines whose first non-blank character is `#` are comments; blank lines are skipped;
///   spaces and tabs around values are ignored; CRLF line ends and a UTF-8 byte-order mark are
///   accepted. There is no quoting: names and values contain no commas.
///
/// Every problem is a `DatasetError` at `path:line:column` of the offending cell (column counted
/// in characters from 1): missing or unreadable file, no header, a header without feature
/// columns, duplicate or empty names, a row with too few or too many values, an empty or
/// non-numeric cell, NaN or infinity, and a file without data rows.
public enum DatasetCSV {
    /// Reads the CSV file at `path`; the last `targetCount` columns are targets.
    /// - Throws: `DatasetError` at `path:1:1` if the file cannot be read, else any format error.
    /// - Precondition: `targetCount ≥ 1`.
    public static func read(path: String, targetCount: Int) throws(DatasetError) -> Dataset {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let data: Data
        switch DataFile.contents(atPath: path) {
        case .success(let contents): data = contents
        case .failure(let failure): throw DatasetError(failure.reason, at: start)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError("file is not valid UTF-8", at: start)
        }
        return try parse(text, path: path, targetCount: targetCount)
    }

    /// Parses CSV text in the format above; `path` names it in errors.
    public static func parse(_ text: String, path: String, targetCount: Int) throws(DatasetError) -> Dataset {
        precondition(targetCount >= 1, "a dataset needs at least one target column, got targetCount = \(targetCount)")
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        var header: (names: [String], line: Int)?
        var features: [Double] = []
        var targets: [Double] = []

        var lineNumber = 0
        // "\r\n" is a single Character (one grapheme cluster), so CRLF needs its own separator.
        for line in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            guard let first = line.first(where: { !isBlank($0) }), first != "#" else { continue }
            let cells = Self.cells(of: line)
            guard let (names, _) = header else {
                header = (try headerNames(cells, targetCount: targetCount, path: path, line: lineNumber), lineNumber)
                continue
            }
            try readRow(cells, names: names, lineLength: line.count, targetCount: targetCount,
                        path: path, line: lineNumber, features: &features, targets: &targets)
        }

        guard let (names, headerLine) = header else {
            throw DatasetError("empty data file (expected a header line naming the columns)",
                               at: SourceLocation(file: path, line: 1, column: 1))
        }
        guard !features.isEmpty else {
            throw DatasetError("no data rows after the header", at: SourceLocation(file: path, line: headerLine, column: 1))
        }
        let split = names.count - targetCount
        return Dataset(featureNames: Array(names[..<split]), targetNames: Array(names[split...]),
                       features: features, targets: targets)
    }

    /// One comma-separated cell: its text without surrounding blanks, and the 1-based column
    /// where that text starts (or where it would start, for an empty cell).
    struct Cell {
        var text: Substring
        var column: Int
    }

    static func cells(of line: Substring) -> [Cell] {
        var result: [Cell] = []
        var offset = 0  // characters before the current cell
        for raw in line.split(separator: ",", omittingEmptySubsequences: false) {
            let leading = raw.prefix(while: isBlank)
            var text = raw.dropFirst(leading.count)
            while let last = text.last, isBlank(last) { text = text.dropLast() }
            result.append(Cell(text: text, column: offset + leading.count + 1))
            offset += raw.count + 1
        }
        return result
    }

    private static func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }

    private static func headerNames(_ cells: [Cell], targetCount: Int, path: String, line: Int) throws(DatasetError) -> [String] {
        func location(_ column: Int) -> SourceLocation { SourceLocation(file: path, line: line, column: column) }
        if cells.allSatisfy({ Double(String($0.text)) != nil }) {
            throw DatasetError("the first line must be a header naming the columns, found only numbers",
                               at: location(cells[0].column))
        }
        var seen = Set<Substring>()
        for cell in cells {
            guard !cell.text.isEmpty else { throw DatasetError("empty column name", at: location(cell.column)) }
            guard seen.insert(cell.text).inserted else {
                throw DatasetError("duplicate column name '\(cell.text)'", at: location(cell.column))
            }
        }
        guard cells.count > targetCount else {
            throw DatasetError(
                "the header names \(cells.count) column\(cells.count == 1 ? "" : "s") and the last \(targetCount) are targets, which leaves no feature column",
                at: location(cells[0].column))
        }
        return cells.map { String($0.text) }
    }

    private static func readRow(_ cells: [Cell], names: [String], lineLength: Int, targetCount: Int, path: String,
                                line: Int, features: inout [Double], targets: inout [Double]) throws(DatasetError) {
        func location(_ column: Int) -> SourceLocation { SourceLocation(file: path, line: line, column: column) }
        guard cells.count == names.count else {
            let column = cells.count < names.count ? lineLength + 1 : cells[names.count].column
            throw DatasetError("expected \(names.count) values (one per header column), found \(cells.count)",
                               at: location(column))
        }
        let split = names.count - targetCount
        for (index, cell) in cells.enumerated() {
            guard !cell.text.isEmpty else {
                throw DatasetError("empty value in column '\(names[index])'", at: location(cell.column))
            }
            guard let value = Double(String(cell.text)) else {
                throw DatasetError("'\(cell.text)' is not a number (column '\(names[index])')", at: location(cell.column))
            }
            guard value.isFinite else {
                throw DatasetError("'\(cell.text)' is not a finite number (column '\(names[index])')", at: location(cell.column))
            }
            if index < split { features.append(value) } else { targets.append(value) }
        }
    }
}
