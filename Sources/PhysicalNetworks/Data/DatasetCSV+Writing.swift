extension DatasetCSV {
    /// The CSV text `read` parses back to `dataset`: a header of the feature then the target
    /// names, one row per sample, numbers in shortest round-trip form.
    public static func text(_ dataset: Dataset) -> String {
        var lines = [(dataset.featureNames + dataset.targetNames).joined(separator: ",")]
        for row in 0..<dataset.count {
            let values = Array(dataset.features(ofRow: row)) + Array(dataset.targets(ofRow: row))
            lines.append(values.map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
