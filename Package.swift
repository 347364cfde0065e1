// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ClientValue",
    products: [
        .library(name: "ClientValue", targets: ["ClientValue"]),
        .executable(name: "clientvalue", targets: ["clientvalue"]),
    ],
    targets: [
        .target(name: "ClientValue"),
        .target(name: "ClientValueCLI", dependencies: ["ClientValue"]),
        .executableTarget(name: "clientvalue", dependencies: ["ClientValueCLI"]),
        .executableTarget(name: "Benchmarks", dependencies: ["ClientValue", "ClientValueCLI"], path: "Benchmarks", exclude: ["peers", "streaming"]),
        .testTarget(name: "ClientValueTests", dependencies: ["ClientValue"], exclude: ["Fixtures"]),
        .testTarget(name: "ClientValueCLITests", dependencies: ["ClientValueCLI", "ClientValue"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
