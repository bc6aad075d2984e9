#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a closure on a new POSIX thread with a stack of a given size and waits for it.
///
/// Why not Foundation's `Thread`: when its stack cannot be mapped, `Thread.start()` fails
/// silently and the caller can only find out by timing out. `pthread_create` says so at
/// once, so the interpreter can fall back to the calling thread without a delay.
enum BigStackThread {
    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a thread with `stackSize` bytes of stack; false when no such thread
    /// could be created (then `body` has not run).
    static func run(stackSize: Int, _ body: @escaping () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, stackSize) == 0 else { return false }
        let job = Unmanaged.passRetained(Job(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let created = pthread_create(&thread, &attributes, { raw in
            #if canImport(Glibc)
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            #else
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
            #endif
            job.body()
            return nil
        }, job)
        guard created == 0 else {
            Unmanaged<Job>.fromOpaque(job).release()
            return false
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        pthread_join(thread!, nil)
        #endif
        return true
    }
}
