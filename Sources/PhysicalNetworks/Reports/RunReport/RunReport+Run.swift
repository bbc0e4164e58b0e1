import Foundation

extension RunReport {
    /// The run's final figures (`summary.json`, flattened to `section.key` rows, its energy
    /// sections left to the energy part of the page) and its configuration, verbatim.
    mutating func addRunSection(summary: JSONLookup?, configuration: String?) throws(RunFileError) {
        page.blocks.append(.heading("Summary"))
        if let summary {
            var rows: [[String]] = []
            try flatten(summary, into: &rows, skipping: ["energy", "digital", "analog_digital_ratio"])
            page.blocks.append(.table(header: ["key", "value"], rows: rows))
        } else {
            page.blocks.append(.note("No summary.json in this folder."))
        }
        page.blocks.append(.heading("Configuration"))
        if let configuration {
            page.blocks.append(.preformatted(configuration.trimmingCharacters(in: .newlines)))
        } else {
            page.blocks.append(.note("No configuration.json in this folder."))
        }
    }

    /// Rows `key.path, value` for every scalar (or list of scalars) under `value`.
    private func flatten(_ value: JSONLookup, into rows: inout [[String]], skipping: Set<String> = []) throws(RunFileError) {
        guard value.isObject else {
            rows.append([value.keyPath, value.displayText])
            return
        }
        for (key, member) in try value.members() where !skipping.contains(key) {
            try flatten(member, into: &rows)
        }
    }
}
