package deepvec.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the native peers need from this process: an environment variable set before a library
 * reads it at load time (OpenBLAS picks its kernels from {@code OPENBLAS_CORETYPE} then), and
 * whether the CPU has AVX-512, from {@code /proc/cpuinfo}.
 */
final class NativeProcess {

    private static final MethodHandle SETENV = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("setenv").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private NativeProcess() {
    }

    /** Sets {@code name=value} in this process's C environment, replacing any value, for libraries loaded from now on. */
    static void setenv(String name, String value) {
        try (Arena arena = Arena.ofConfined()) {
            int status = (int) SETENV.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
            if (status != 0) {
                throw new IllegalStateException("setenv(" + name + ") failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setenv(" + name + ") failed", t);
        }
    }

    /** Whether the CPU reports the AVX-512 foundation instructions (Linux; false where unknown). */
    static boolean hasAvx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (IOException e) {
            return false;
        }
    }

    /** The C string at {@code address}, or "?" for null. */
    static String string(MemorySegment address) {
        return address.equals(MemorySegment.NULL) ? "?" : address.reinterpret(256).getString(0);
    }
}
