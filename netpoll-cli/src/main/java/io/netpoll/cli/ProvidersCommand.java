package io.netpoll.cli;

import io.netpoll.Netpoll;
import io.netpoll.spi.NetpollProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code netpoll providers}: every provider found, whether it can run here, and which one is selected. */
@Command(
        name = "providers",
        description = {
            "List the providers and which one is selected.",
            "Every netpoll provider found on the class path or module path: name, priority, and whether it is "
                    + "available here (or exactly why not). '*' marks the selected one.",
            "The selected provider is the one named by -Dnetpoll.provider=NAME, else the available one with "
                    + "the highest priority. A named provider that is missing or unavailable is an error "
                    + "(exit code 1).",
        })
final class ProvidersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<NetpollProvider> all = Netpoll.providers();
        NetpollProvider selected;
        try {
            selected = Selection.current();
        } catch (IllegalStateException e) {
            print(out, all, null);
            throw e;
        }
        print(out, all, selected);
        String requested = System.getProperty(Netpoll.PROVIDER_PROPERTY);
        out.println("selected: " + selected.name() + (requested != null
                ? " (-D" + Netpoll.PROVIDER_PROPERTY + "=" + requested + ")"
                : " (the highest priority available; override with -D" + Netpoll.PROVIDER_PROPERTY + "=NAME)"));
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, List<NetpollProvider> all, NetpollProvider selected) {
        int width = Math.max("provider".length(), all.stream().mapToInt(p -> p.name().length()).max().orElse(0));
        String row = "%s %-" + width + "s  %8s  %s%n";
        out.printf(row, " ", "provider", "priority", "status");
        for (NetpollProvider p : all) {
            out.printf(row, p == selected ? "*" : " ", p.name(), p.priority(), p.availability());
        }
        if (all.isEmpty()) {
            out.println("  (none: no jar on the class path or module path provides io.netpoll.spi.NetpollProvider)");
        }
        out.flush();
    }
}
