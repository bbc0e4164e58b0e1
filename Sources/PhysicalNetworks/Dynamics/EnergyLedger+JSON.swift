extension EnergyLedger {
    /// `{"delivered": {name: J, …}, "dissipated": {family: J, …}, "stored_change", "imbalance"}`.
    public var json: JSONValue {
        .object([
            ("delivered", .object(delivered.map { ($0.name, .number($0.energy)) })),
            ("dissipated", .object(dissipated.map { ($0.name, .number($0.energy)) })),
            ("total_delivered", .number(totalDelivered)),
            ("total_dissipated", .number(totalDissipated)),
            ("stored_change", .number(storedChange)),
            ("imbalance", .number(imbalance)),
        ])
    }
}
