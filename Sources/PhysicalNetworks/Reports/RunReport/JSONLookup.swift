import Foundation

/// A value inside a JSON document read with `JSONSerialization`, with its key path
/// (`energy.parts[2].joules`) so that a value of the wrong type gives a message naming it.
struct JSONLookup: @unchecked Sendable {
    let value: Any
    /// Where the value sits in the document (empty for the root).
    let keyPath: String
    /// The file, as the user named it.
    let file: String

    /// Reads and parses `path`.
    /// - Throws: `RunFileError` if the file cannot be read or is not JSON.
    init(contentsOf path: String) throws(RunFileError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw RunFileError("cannot read", path: path) }
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw RunFileError("not valid JSON: \(error.localizedDescription)", path: path)
        }
        keyPath = ""
        file = path
    }

    private init(value: Any, keyPath: String, file: String) {
        self.value = value
        self.keyPath = keyPath
        self.file = file
    }

    private func wrong(_ expected: String) -> RunFileError {
        RunFileError("'\(keyPath.isEmpty ? "(document)" : keyPath)' should be \(expected)", path: file)
    }

    /// Member `key` of this object, nil if absent or null.
    /// - Throws: if this value is not an object.
    func member(_ key: String) throws(RunFileError) -> JSONLookup? {
        guard let object = value as? [String: Any] else { throw wrong("an object") }
        guard let member = object[key], !(member is NSNull) else { return nil }
        return JSONLookup(value: member, keyPath: keyPath.isEmpty ? key : keyPath + "." + key, file: file)
    }

    /// The members of this object, sorted by key.
    func members() throws(RunFileError) -> [(key: String, value: JSONLookup)] {
        guard let object = value as? [String: Any] else { throw wrong("an object") }
        return object.keys.sorted().map { key in
            (key, JSONLookup(value: object[key] as Any, keyPath: keyPath.isEmpty ? key : keyPath + "." + key, file: file))
        }
    }

    func elements() throws(RunFileError) -> [JSONLookup] {
        guard let array = value as? [Any] else { throw wrong("a list") }
        return array.enumerated().map { JSONLookup(value: $0.element, keyPath: "\(keyPath)[\($0.offset)]", file: file) }
    }

    func number() throws(RunFileError) -> Double {
        guard !isBool, let number = value as? NSNumber else { throw wrong("a number") }
        return number.doubleValue
    }

    func string() throws(RunFileError) -> String {
        guard let string = value as? String else { throw wrong("a string") }
        return string
    }

    var isObject: Bool { value is [String: Any] }

    /// JSON's true and false (Foundation reads them as NSNumbers of type `c`).
    var isBool: Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// The value as a table cell: numbers to six significant digits, strings as they are, a list
    /// of scalars joined by commas, anything else as compact JSON.
    var displayText: String {
        if value is NSNull { return "null" }
        if isBool, let number = value as? NSNumber { return number.boolValue ? "true" : "false" }
        if let number = value as? NSNumber {
            let x = number.doubleValue
            if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
            // Six significant digits, unless that would hide how close the value is to a whole
            // number (a cosine of 0.9999999999996 is not 1).
            let short = String(format: "%.6g", x)
            return Double(short).map { $0 == $0.rounded() } ?? false ? "\(x)" : short
        }
        if let string = value as? String { return string }
        if let array = value as? [Any], array.allSatisfy({ !($0 is [Any]) && !($0 is [String: Any]) }) {
            return array.map { JSONLookup(value: $0, keyPath: keyPath, file: file).displayText }.joined(separator: ", ")
        }
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}
