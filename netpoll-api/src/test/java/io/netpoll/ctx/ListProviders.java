package io.netpoll.ctx;

import io.netpoll.Netpoll;
import io.netpoll.spi.NetpollProvider;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Runs in a child JVM of NetpollSelectionTest: with a folder argument, makes a class loader over it the
 * context class loader first; then prints each provider found, then the selection's result and the
 * cause of a failure.
 */
public final class ListProviders {

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            URL folder = Path.of(args[0]).toUri().toURL();
            Thread.currentThread().setContextClassLoader(
                    new URLClassLoader(new URL[]{folder}, ListProviders.class.getClassLoader()));
        }
        for (NetpollProvider p : Netpoll.providers()) {
            System.out.println("found " + p.name() + " from " + p.getClass().getClassLoader().getClass().getSimpleName());
        }
        try {
            System.out.println("selected " + Netpoll.provider().name());
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            System.out.println("cause " + e.getCause().getCause());
        }
        System.out.flush();
    }
}
