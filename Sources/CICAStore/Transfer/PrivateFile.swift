import Crypto
import CICACore
import Foundation

/// A file only its owner may read, from the moment it exists: created with mode 0600 (never with the default mode and
/// changed after, which would leave it readable to others for a moment).
public enum PrivateFile {
    /// Writes `data` to `path` so that nobody ever reads it half-written: into a temporary file of its own in the same
    /// directory, synchronized to disk, then put in place in one step — with `replacing`, renamed over `path`; without it,
    /// linked at `path` only if nothing is there yet (two processes writing the same new file at the same moment: one
    /// wins, the other is told false and finds the winner's whole file).
    public static func write(_ data: Data, to path: String, replacing: Bool) -> Bool {
        let temporary = path + ".\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return false }
        defer { unlink(temporary) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            return false
        }
        return replacing ? rename(temporary, path) == 0 : link(temporary, path) == 0
    }

    /// Copies the regular file at `source` (not a link) to a new file at `target`, readable by its owner only, a chunk at a
    /// time, synchronized to disk. False when either cannot be opened or the copy fails (a partial target is removed).
    public static func copy(from source: String, to target: String) -> Bool {
        let input = open(source, O_RDONLY | O_NOFOLLOW)
        guard input >= 0 else { return false }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard output >= 0 else { return false }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let read = buffer.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, $0.count) }
            if read == 0 { break }
            guard read > 0, buffer.withUnsafeBytes({ Foundation.write(output, $0.baseAddress, read) }) == read else {
                unlink(target)
                return false
            }
        }
        guard fsync(output) == 0 else {
            unlink(target)
            return false
        }
        return true
    }

    /// The SHA-256 (hexadecimal) and size of the regular file at `path` (not a link), read a chunk at a time.
    public static func checksum(of path: String) -> (sha256: String, size: Int)? {
        let input = open(path, O_RDONLY | O_NOFOLLOW)
        guard input >= 0 else { return nil }
        defer { close(input) }
        var hasher = SHA256()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let read = buffer.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, $0.count) }
            if read == 0 { break }
            guard read > 0 else { return nil }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<read])) }
            size += read
        }
        return (Hex.string(hasher.finalize()), size)
    }
}
