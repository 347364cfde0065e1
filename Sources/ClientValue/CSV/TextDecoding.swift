/// Turns field bytes into `String`s and checks UTF-8.
enum TextDecoding {
    /// Unicode scalars for Windows-1252 bytes 0x80–0x9F (0 where the code page leaves a hole;
    /// those bytes are read as the C1 control of the same value, as browsers do).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Decodes bytes already known to be valid in `encoding`.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> String {
        switch encoding {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .latin1, .windows1252:
            var allASCII = true
            for b in bytes where b >= 0x80 { allASCII = false; break }
            if allASCII { return String(decoding: bytes, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for b in bytes {
                var value = UInt32(b)
                if encoding == .windows1252, b >= 0x80, b <= 0x9F { value = windows1252High[Int(b - 0x80)] }
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            return String(scalars)
        }
    }

    /// Returns the offset of the first byte that does not start or continue a valid UTF-8
    /// sequence, or `nil` when all of `bytes` is valid UTF-8.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        while i < n {
            // Eight ASCII bytes at a time.
            while i + 8 <= n && UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            if i + length > n { return i }
            let b1 = bytes[i + 1]
            if b1 < lower || b1 > upper { return i }
            var k = 2
            while k < length {
                let b = bytes[i + k]
                if b < 0x80 || b > 0xBF { return i }
                k += 1
            }
            i += length
        }
        return nil
    }

    /// Up to `limit` bytes shown as text, with invalid bytes as `\xNN`; for error messages.
    static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = 40) -> String {
        var out = ""
        var i = 0
        while i < bytes.count && i < limit {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F { out.unicodeScalars.append(Unicode.Scalar(b)) }
            else { out += "\\x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) }
            i += 1
        }
        if bytes.count > limit { out += "…" }
        return "\"" + out + "\""
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
