package io.netpoll.tck;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** System programs that some tests drive (strace, unshare, ip), found as a shell finds them. */
public final class Programs {

    private Programs() {
    }

    /**
     * The first executable {@code name} in a directory of {@code PATH}.
     *
     * @param name the program's file name, e.g. {@code "strace"}
     * @return its path, or null when no directory of {@code PATH} has it
     */
    public static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
