import Foundation

/// Reads a text file for a parser: its contents as UTF-8, or an error located at line 1,
/// column 1 of the file (no such file, unreadable, not UTF-8).
public enum NetlistFileContents {
    public static func read(_ path: String) throws(NetlistError) -> String {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw NetlistError(FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file", at: start)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw NetlistError("file is not valid UTF-8", at: start) }
        return text
    }
}
