// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "nudge",
    products: [
        .library(name: "PhysicalNetworks", targets: ["PhysicalNetworks"]),
        .library(name: "QuantumNetworks", targets: ["QuantumNetworks"]),
        .executable(name: "nudge", targets: ["nudge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFTW", pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(
            name: "CKLU",
            providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "PhysicalNetworks",
            dependencies: ["CFFTW", "CBLAS", "CKLU", "CZlib"],
            swiftSettings: [.define("NUDGE_INVARIANTS", .when(configuration: .debug))]),
        .target(
            name: "QuantumNetworks",
            dependencies: ["PhysicalNetworks", "CBLAS"]),
        .executableTarget(
            name: "nudge",
            dependencies: [
                "PhysicalNetworks",
                "QuantumNetworks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "PhysicalNetworksTests",
            dependencies: ["PhysicalNetworks"],
            resources: []),
        .testTarget(
            name: "QuantumNetworksTests",
            dependencies: ["QuantumNetworks", "PhysicalNetworks"]),
        .testTarget(
            name: "nudgeTests",
            dependencies: ["nudge", "PhysicalNetworks"]),
    ]
)
