import Foundation

/// The 8×8 optical handwritten digits of UCI (Alpaydin & Kaynak 1998), 1,797 samples in 10
/// classes, as scikit-learn ships them (`sklearn/datasets/data/digits.csv.gz`, BSD-3-Clause;
/// see data/README.md), shipped with nudge as `data/digits/digits.csv.gz`.
///
/// File format: one sample per line, 65 comma-separated integers and no header: the 64 pixels of
/// the 8×8 image in row-major order, each a count of "on" pixels in a 4×4 block of the original
/// 32×32 bitmap (0–16), then the digit (0–9). The file may be gzip-compressed (as shipped) or
/// plain; blank lines are skipped. Errors are `DatasetError`s at `path:line:column` of the
/// offending value, counted in the decompressed text (what `zcat path | sed -n 'Lp'` shows).
///
/// Features are the pixels scaled to [0, 1] (`count / 16`); targets are one-hot over the ten
/// digits, and `labels` holds the digits themselves.
public struct DigitsDataset: Sendable {
    /// The shipped file, relative to the repository root.
    public static let defaultPath = "data/digits/digits.csv.gz"
    /// Image side in pixels.
    public static let side = 8
    /// Number of classes (the digits 0–9).
    public static let classCount = 10
    /// The largest pixel value in the file (a 4×4 block fully on).
    public static let maximumPixel = 16

    /// Features (64 pixels in [0, 1]) and one-hot targets (`digit0` … `digit9`).
    public let dataset: Dataset
    /// The digit of each row.
    public let labels: [Int]

    /// Number of samples.
    public var count: Int { labels.count }

    /// The digit (0–9) of one row.
    public func label(ofRow row: Int) -> Int {
        precondition(row >= 0 && row < count, "row \(row) outside 0..<\(count)")
        return labels[row]
    }

    /// Reads the digits file at `path` (gzip-compressed or plain).
    /// - Throws: `DatasetError` at `path:1:1` for a missing, unreadable or corrupt file, else at
    ///   the offending value.
    public static func load(path: String = defaultPath) throws(DatasetError) -> DigitsDataset {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let data: Data
        switch DataFile.contents(atPath: path) {
        case .success(let contents): data = contents
        case .failure(let failure): throw DatasetError(failure.reason, at: start)
        }
        var bytes = [UInt8](data)
        if Gzip.isCompressed(bytes) {
            do {
                bytes = try Gzip.decompress(bytes)
            } catch {
                throw DatasetError("\(error.message) (at byte \(error.compressedOffset) of the compressed file)", at: start)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DatasetError("file is not valid UTF-8 text", at: start)
        }
        return try parse(text, path: path)
    }

    /// Parses digits text in the format above; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(DatasetError) -> DigitsDataset {
        let pixelCount = side * side
        var features: [Double] = []
        var targets: [Double] = []
        var labels: [Int] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            guard line.contains(where: { $0 != " " && $0 != "\t" }) else { continue }
            func location(_ column: Int) -> SourceLocation { SourceLocation(file: path, line: lineNumber, column: column) }
            let cells = DatasetCSV.cells(of: line)
            guard cells.count == pixelCount + 1 else {
                let column = cells.count < pixelCount + 1 ? line.count + 1 : cells[pixelCount + 1].column
                throw DatasetError("expected \(pixelCount + 1) values (\(pixelCount) pixels, then the digit), found \(cells.count)",
                                   at: location(column))
            }
            for cell in cells.prefix(pixelCount) {
                guard let value = Int(cell.text), (0...maximumPixel).contains(value) else {
                    throw DatasetError("'\(cell.text)' is not a pixel value (an integer 0–\(maximumPixel))", at: location(cell.column))
                }
                features.append(Double(value) / Double(maximumPixel))
            }
            let labelCell = cells[pixelCount]
            guard let label = Int(labelCell.text), (0..<classCount).contains(label) else {
                throw DatasetError("'\(labelCell.text)' is not a digit label (an integer 0–\(classCount - 1))", at: location(labelCell.column))
            }
            labels.append(label)
            targets += (0..<classCount).map { $0 == label ? 1 : 0 }
        }
        guard !labels.isEmpty else {
            throw DatasetError("no samples (expected lines of \(pixelCount) pixels and a digit)", at: SourceLocation(file: path, line: 1, column: 1))
        }
        let featureNames = (0..<pixelCount).map { "pixel_\($0 / side)_\($0 % side)" }
        let targetNames = (0..<classCount).map { "digit\($0)" }
        return DigitsDataset(dataset: Dataset(featureNames: featureNames, targetNames: targetNames, features: features, targets: targets),
                             labels: labels)
    }
}
