package com.example.hello;

import io.netpoll.Netpoll;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the path this JVM runs on, then runs the README's program. The argument says which path
 * the build put everything on ("class path" or "module path"); the check fails the build when the
 * program is not where the build says, or when Guava is on the path or loadable: a library module of
 * netpoll4j depends at run time on the JDK and JNA only.
 */
public final class Check {

    public static void main(String[] args) throws Exception {
        String where = args[0];
        List<String> path = new ArrayList<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(property, "");
            if (!value.isEmpty()) {
                path.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        List<String> guava = path.stream().filter(e -> Path.of(e).getFileName().toString().contains("guava")).toList();
        if (!guava.isEmpty()) {
            fail("Guava is on the " + where + ": " + guava);
        }
        try {
            Class.forName("com.google.common.base.Preconditions");
            fail("Guava's classes load on the " + where);
        } catch (ClassNotFoundException expected) {
            // no Guava
        }
        Module self = Check.class.getModule();
        if (self.isNamed() != where.equals("module path")) {
            fail("asked to run on the " + where + " but running in " + self);
        }
        Module provider = Netpoll.provider().getClass().getModule();
        System.out.println(where + ": " + path.size() + " entries, no Guava; "
                + (self.isNamed() ? "module " + self.getName() : "unnamed module") + "; provider "
                + Netpoll.provider().name() + " in " + (provider.isNamed() ? "module " + provider.getName() : "unnamed module"));
        Hello.main(new String[0]);
    }

    private static void fail(String why) {
        System.err.println("check failed: " + why);
        System.exit(1);
    }
}
