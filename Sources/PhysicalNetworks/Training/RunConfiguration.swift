import Foundation

/// The settings of a training run, recorded in its folder and fingerprinted into every
/// checkpoint, so that `--resume` with other settings is refused.
public protocol RunConfiguration: Encodable {
    /// Epochs to run; the one setting a resumed run may change (to extend it).
    var epochs: Int { get set }
}

extension RunConfiguration {
    /// What a resumed run must agree on: everything but the number of epochs, as canonical
    /// JSON (keys sorted).
    public var fingerprintText: String {
        var copy = self
        copy.epochs = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(copy)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

extension Dataset {
    /// Shape and FNV-1a hash of every value's bits: a run's data identity for its fingerprint.
    public var contentIdentity: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for values in [features, targets] {
            for value in values { hash = (hash ^ value.bitPattern) &* 0x100_0000_01b3 }
        }
        return "\(featureCount)x\(targetCount)x\(count):\(String(hash, radix: 16))"
    }
}
