/// Named amounts of energy (J), kept in the order their names first appeared, so that tables
/// and stacked bars read in the order the ledger documents them.
public struct EnergyBreakdown: Sendable, Equatable, Codable {
    /// One named amount.
    public struct Part: Sendable, Equatable, Codable {
        public var name: String
        /// Joules.
        public var joules: Double

        public init(name: String, joules: Double) {
            self.name = name
            self.joules = joules
        }
    }

    public private(set) var parts: [Part]

    public init(_ parts: [Part] = []) {
        self.parts = []
        for part in parts { add(part.name, part.joules) }
    }

    /// Adds `joules` to the part called `name` (appended if new).
    public mutating func add(_ name: String, _ joules: Double) {
        if let k = parts.firstIndex(where: { $0.name == name }) {
            parts[k].joules += joules
        } else {
            parts.append(Part(name: name, joules: joules))
        }
    }

    /// Adds every part of `other`.
    public mutating func add(_ other: EnergyBreakdown) {
        for part in other.parts { add(part.name, part.joules) }
    }

    /// Σ of the parts (J).
    public var total: Double { parts.reduce(0) { $0 + $1.joules } }

    /// The joules of the part called `name` (0 when absent).
    public subscript(_ name: String) -> Double { parts.first { $0.name == name }?.joules ?? 0 }

    /// Every part multiplied by `factor` (e.g. a sum over updates divided by their count).
    public func scaled(by factor: Double) -> EnergyBreakdown {
        EnergyBreakdown(parts.map { Part(name: $0.name, joules: $0.joules * factor) })
    }

    /// `[{"name": …, "joules": …}, …]`.
    public var json: JSONValue {
        .array(parts.map { .object([("name", .string($0.name)), ("joules", .number($0.joules))]) })
    }
}
