import Foundation

/// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747; MIT licence): 28×28 grey
/// images of clothing in 10 classes, 60,000 for training and 10,000 for testing.
///
/// The files are not shipped with nudge: `make fashion-mnist` installs Debian's
/// `dataset-fashion-mnist` package, which puts the four IDX files, gzip-compressed, in
/// `/usr/share/datasets/fashion-mnist/`:
/// `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`,
/// `t10k-labels-idx1-ubyte.gz` (the uncompressed names, without `.gz`, are read too).
///
/// Features are the 784 pixels in row-major order scaled to [0, 1] (`byte / 255`; 0 is the
/// background); targets are one-hot over the 10 classes, and `trainLabels`/`testLabels` hold
/// the class numbers.
public struct FashionMNIST: Sendable {
    /// Where Debian's `dataset-fashion-mnist` installs the files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    /// Image side in pixels.
    public static let side = 28
    /// The class names, by class number (they are also the target column names).
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// 60,000 training images.
    public let train: Dataset
    /// 10,000 test images.
    public let test: Dataset
    /// The class number (0–9) of each training image.
    public let trainLabels: [Int]
    /// The class number (0–9) of each test image.
    public let testLabels: [Int]

    /// Reads the four IDX files of `directory`.
    /// - Throws: `IDXError` for a missing directory or file, corrupt gzip data, a wrong magic
    ///   number, truncated or trailing data, images that are not 28×28, a label outside 0–9, or
    ///   different numbers of images and labels.
    /// - Complexity: 376 MB of `Double` features for the training set, 63 MB for the test set.
    public static func load(directory: String = defaultDirectory) throws(IDXError) -> FashionMNIST {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw IDXError("no such directory (`make fashion-mnist` installs Debian's dataset-fashion-mnist into \(defaultDirectory))",
                           path: directory)
        }
        guard isDirectory.boolValue else { throw IDXError("is a file, expected the directory of the Fashion-MNIST files", path: directory) }
        let train = try loadPart(images: try file("train-images-idx3-ubyte", in: directory),
                                 labels: try file("train-labels-idx1-ubyte", in: directory))
        let test = try loadPart(images: try file("t10k-images-idx3-ubyte", in: directory),
                                labels: try file("t10k-labels-idx1-ubyte", in: directory))
        return FashionMNIST(train: train.dataset, test: test.dataset, trainLabels: train.labels, testLabels: test.labels)
    }

    /// The path of `name.gz` in `directory`, or of `name` if only the uncompressed file exists.
    private static func file(_ name: String, in directory: String) throws(IDXError) -> String {
        let base = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        if FileManager.default.fileExists(atPath: base + ".gz") { return base + ".gz" }
        if FileManager.default.fileExists(atPath: base) { return base }
        throw IDXError("no such file (nor \(name) uncompressed)", path: base + ".gz")
    }

    /// Reads one images file and its labels file into a dataset with one-hot targets.
    static func loadPart(images imagesPath: String, labels labelsPath: String) throws(IDXError) -> (dataset: Dataset, labels: [Int]) {
        let images = try IDXReader.read(path: imagesPath, rank: 3)
        guard images.dimensions[1] == side, images.dimensions[2] == side else {
            throw IDXError("images are \(images.dimensions[1])×\(images.dimensions[2]) pixels, Fashion-MNIST's are \(side)×\(side)",
                           path: imagesPath, byteOffset: 8)
        }
        let labelBytes = try IDXReader.read(path: labelsPath, rank: 1)
        let count = images.dimensions[0]
        guard labelBytes.dimensions[0] == count else {
            throw IDXError("\(labelBytes.dimensions[0]) labels for the \(count) images of \(imagesPath)", path: labelsPath, byteOffset: 4)
        }
        let classCount = classNames.count
        if let bad = labelBytes.values.firstIndex(where: { Int($0) >= classCount }) {
            throw IDXError("label \(labelBytes.values[bad]) of image \(bad) is not a class number 0–\(classCount - 1)",
                           path: labelsPath, byteOffset: 8 + bad)
        }
        let labels = labelBytes.values.map(Int.init)
        let pixels = side * side
        let features = images.values.withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: source.count) { buffer, initialized in
                for i in 0..<source.count { buffer[i] = Double(source[i]) / 255 }
                initialized = source.count
            }
        }
        var targets = [Double](repeating: 0, count: count * classCount)
        for (row, label) in labels.enumerated() { targets[row * classCount + label] = 1 }
        let featureNames = (0..<pixels).map { "pixel_\($0 / side)_\($0 % side)" }
        return (Dataset(featureNames: featureNames, targetNames: classNames, features: features, targets: targets), labels)
    }
}
