import Foundation

/// A file only its owner may read, from the moment it exists: created with mode 0600 (never with the default mode and
/// changed after, which would leave it readable to others for a moment).
public enum PrivateFile {
    /// Writes `data` to a new file at `path`; with `replacing`, through a temporary file renamed over `path`.
    public static func write(_ data: Data, to path: String, replacing: Bool) -> Bool {
        let target = replacing ? path + ".new" : path
        if replacing { unlink(target) }
        let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { return false }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            unlink(target)
            return false
        }
        return !replacing || rename(target, path) == 0
    }
}
