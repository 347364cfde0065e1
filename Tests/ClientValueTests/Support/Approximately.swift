/// Shaped like swift-numerics' `isApproximatelyEqual(to:absoluteTolerance:)`.
extension Double {
    func isApproximatelyEqual(to other: Double, absoluteTolerance: Double) -> Bool {
        if self == other { return true }
        return abs(self - other) <= absoluteTolerance
    }
}
