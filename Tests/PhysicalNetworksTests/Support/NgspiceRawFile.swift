import Foundation

/// An ngspice raw file in ASCII format: one plot per analysis, in the order ngspice ran them.
///
/// Each plot is a header of `Key: value` lines (`Title:`, `Date:`, `Plotname:`, `Flags:`,
/// `No. Variables:`, `No. Points:`), a `Variables:` section of `index name type` lines, and a
/// `Values:` section in which every point is its index followed by one number per variable:
///
///     Plotname: Operating Point
///     Flags: real
///     No. Variables: 2
///     No. Points: 1
///     Variables:
///         0   v(out)  voltage
///         1   i(v1)   current
///     Values:
///     0       3.333333333333333e-01
///             -6.666666666666667e-01
///
/// Only real plots are read (`Flags: complex`, written by `.ac`, is rejected).
struct NgspiceRawFile: Sendable {
    /// One analysis result.
    struct Plot: Sendable {
        /// The `Plotname:` header, e.g. "Operating Point" or "Transient Analysis".
        let name: String
        /// Vector names as written in the file, e.g. `time`, `v(out)`, `i(v1)`.
        let variableNames: [String]
        /// Each vector's values over the plot's points, keyed by `key(forVariable:)`.
        let vectors: [String: [Double]]
    }

    let plots: [Plot]

    /// The first plot called `name`.
    func plot(named name: String) throws -> Plot {
        guard let plot = plots.first(where: { $0.name == name }) else {
            throw Ngspice.Failure.missingPlot(name, available: plots.map(\.name))
        }
        return plot
    }

    /// The key under which a raw-file vector is reported: lower-cased, `v(node)` → `node`,
    /// `i(source)` → `source#branch`, anything else (such as `time`) unchanged.
    static func key(forVariable name: String) -> String {
        let name = name.lowercased()
        guard name.hasSuffix(")") else { return name }
        if name.hasPrefix("v(") { return String(name.dropFirst(2).dropLast()) }
        if name.hasPrefix("i(") { return String(name.dropFirst(2).dropLast()) + "#branch" }
        return name
    }

    /// Parses the text of an ASCII raw file.
    ///
    /// - Throws: `Ngspice.Failure.malformedRawFile` with the 1-based line of the problem.
    init(text: String) throws {
        var reader = Reader(lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        var plots: [Plot] = []
        while reader.skipBlankLines() {
            plots.append(try reader.readPlot())
        }
        self.plots = plots
    }

    /// Reads the raw file line by line, one plot at a time.
    private struct Reader {
        let lines: [Substring]
        var next = 0

        init(lines: [Substring]) { self.lines = lines }

        /// Advances past empty lines; false at the end of the file.
        mutating func skipBlankLines() -> Bool {
            while next < lines.count, lines[next].allSatisfy(\.isWhitespace) { next += 1 }
            return next < lines.count
        }

        /// A parse failure located at the line read last.
        func failure(_ reason: String) -> Ngspice.Failure {
            .malformedRawFile(line: max(next, 1), reason: reason)
        }

        mutating func readPlot() throws -> Plot {
            var header: [String: String] = [:]
            while next < lines.count {
                let line = lines[next]
                next += 1
                guard let colon = line.firstIndex(of: ":") else {
                    throw failure("expected 'Key: value', found '\(line)'")
                }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if key == "Variables" { break }
                if key == "Values" || key == "Binary" {
                    throw failure("'\(key):' before 'Variables:' (set SPICE_ASCIIRAWFILE=1 for text)")
                }
                header[key] = value
            }
            if header["Flags", default: ""].contains("complex") {
                throw failure("complex plots are not supported")
            }
            guard let variableCount = header["No. Variables"].flatMap({ Int($0) }),
                let pointCount = header["No. Points"].flatMap({ Int($0) })
            else { throw failure("missing 'No. Variables:' or 'No. Points:'") }

            var names: [String] = []
            for _ in 0..<variableCount {
                let fields = try nextLine().split(whereSeparator: \.isWhitespace)
                guard fields.count >= 3 else { throw failure("expected 'index name type'") }
                names.append(String(fields[1]))
            }
            guard try nextLine().trimmingCharacters(in: .whitespaces) == "Values:" else {
                throw failure("expected 'Values:'")
            }
            var columns = [[Double]](repeating: [], count: variableCount)
            for point in 0..<pointCount {
                guard try nextNumber() == Double(point) else { throw failure("expected point index \(point)") }
                for variable in 0..<variableCount { columns[variable].append(try nextNumber()) }
            }
            var vectors: [String: [Double]] = [:]
            for (name, column) in zip(names, columns) {
                vectors[NgspiceRawFile.key(forVariable: name)] = column
            }
            return Plot(name: header["Plotname", default: ""], variableNames: names, vectors: vectors)
        }

        private var pendingFields: [Substring] = []

        mutating func nextLine() throws -> Substring {
            guard next < lines.count else { throw failure("unexpected end of file") }
            next += 1
            return lines[next - 1]
        }

        /// The next whitespace-separated number of the `Values:` section.
        mutating func nextNumber() throws -> Double {
            while pendingFields.isEmpty {
                pendingFields = try nextLine().split(whereSeparator: \.isWhitespace).reversed()
            }
            let field = pendingFields.removeLast()
            guard let number = Double(field) else { throw failure("'\(field)' is not a number") }
            return number
        }
    }
}
