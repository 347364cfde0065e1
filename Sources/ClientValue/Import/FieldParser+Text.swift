extension FieldParser {
    /// The bytes without leading and trailing ASCII spaces and tabs.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let (start, end) = trimmedBounds(bytes)
        if start == 0 && end == bytes.count { return bytes }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// True when the field is empty or only spaces and tabs.
    @inline(__always)
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b != 0x20 && b != 0x09 { return false }
        return true
    }

    /// A whole number, optionally signed; `12.0` is accepted as 12.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, FieldParseFailure> {
        if let plain = plainInteger(bytes) { return .success(plain) }
        return generalInteger(bytes)
    }

    /// The common form of a whole number, read without the general parser: 1 to 18 digits and
    /// nothing else (`105`, `0`). `nil` for anything else, which ``generalInteger(_:)`` reads
    /// or explains; for the fields it accepts both give the same number (a seeded test
    /// compares them).
    @inline(__always)
    package static func plainInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count > 0, bytes.count <= 18, let p = bytes.baseAddress else { return nil }
        var value = 0
        for i in 0..<bytes.count {
            let digit = p[i] &- 0x30
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int(digit)
        }
        return value
    }

    /// ``integer(_:)`` for every form it accepts: spaces around, a sign, `12.0`.
    package static func generalInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, FieldParseFailure> {
        let text = trimmed(bytes)
        var i = 0
        var negative = false
        if i < text.count && (text[i] == 0x2D || text[i] == 0x2B) { negative = text[i] == 0x2D; i += 1 }
        var value = 0
        var digits = 0
        while i < text.count, text[i] >= 0x30, text[i] <= 0x39 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(text[i] - 0x30))
            if o1 || o2 { return .failure(FieldParseFailure(problem: "is too large", hint: nil)) }
            value = a
            digits += 1
            i += 1
        }
        if i < text.count && text[i] == 0x2E {
            i += 1
            while i < text.count && text[i] == 0x30 { i += 1 }
        }
        guard digits > 0 && i == text.count else {
            return .failure(FieldParseFailure(problem: "is not a whole number", hint: "expected digits such as 12"))
        }
        return .success(negative ? -value : value)
    }

    /// A share as a fraction of 1: `35%` → 0.35; `35` → 0.35 (above 1 means a percentage);
    /// `0.35` → 0.35. Negative shares are an error.
    static func share(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Double, FieldParseFailure> {
        var text = trimmed(bytes)
        var percent = false
        if let last = text.last, last == 0x25 {
            percent = true
            text = trimmed(UnsafeBufferPointer(rebasing: text[0..<(text.count - 1)]))
        }
        var value = 0.0
        var scale = 1.0
        var sawPoint = false
        var digits = 0
        for b in text {
            if b >= 0x30 && b <= 0x39 {
                digits += 1
                if sawPoint { scale /= 10; value += Double(b - 0x30) * scale } else { value = value * 10 + Double(b - 0x30) }
            } else if (b == 0x2E || b == 0x2C) && !sawPoint {
                sawPoint = true
            } else {
                return .failure(FieldParseFailure(problem: "is not a share", hint: "expected a percentage such as 35% or a fraction such as 0.35"))
            }
        }
        guard digits > 0 else {
            return .failure(FieldParseFailure(problem: "is not a share", hint: "expected a percentage such as 35% or a fraction such as 0.35"))
        }
        // Hundreds of digits overflow a Double: infinity is not a share (found by fuzzing).
        guard value.isFinite else {
            return .failure(FieldParseFailure(problem: "is too large to be a share", hint: "expected a percentage such as 35% or a fraction such as 0.35"))
        }
        return .success(percent || value > 1 ? value / 100 : value)
    }
}
