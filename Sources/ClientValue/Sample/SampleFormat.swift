/// Fast ASCII formatting of the numbers in the sample files, without `String`.
enum SampleFormat {
    /// Appends an integer in decimal.
    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        if v < 10 {
            out.append(UInt8(truncatingIfNeeded: 48 &+ v))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, room for 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var count = 0
            while v > 0 {
                buffer[count] = UInt8(truncatingIfNeeded: 48 &+ v % 10)
                v /= 10
                count += 1
            }
            while count > 0 {
                count -= 1
                out.append(buffer[count])
            }
        }
    }

    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        appendInt(Int64(value), to: &out)
    }

    /// Appends `value` with leading zeros to at least `width` digits (`value >= 0`).
    static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        var length = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        var pad = width - length
        while pad > 0 {
            out.append(UInt8(ascii: "0"))
            pad -= 1
        }
        appendInt(Int64(value), to: &out)
    }

    /// Appends an amount of cents as a plain decimal with two places: `1234.50`, `-250.00`.
    static func appendCents(_ cents: Int64, to out: inout [UInt8]) {
        if cents < 0 { out.append(UInt8(ascii: "-")) }
        let v = cents.magnitude
        appendInt(Int64(v / 100), to: &out)
        out.append(UInt8(ascii: "."))
        let fraction = v % 100
        out.append(UInt8(truncatingIfNeeded: 48 + fraction / 10))
        out.append(UInt8(truncatingIfNeeded: 48 + fraction % 10))
    }
}
