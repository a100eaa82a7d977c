package io.netpoll.resolver.jdk.fork;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The program the forked JVMs of {@code JdkResolverForkTest} run: plain {@code InetAddress} calls,
 * as any JDK client makes them. {@code name:HOST} prints HOST's addresses, {@code addr:IP} the name
 * of IP; one line each, or the exception (any UnknownHostException as such) and its message. Its
 * package is not the module's, so that it can run from the class path beside the module.
 */
public final class LookupProgram {

    private LookupProgram() {}

    public static void main(String[] args) {
        for (String arg : args) {
            String what = arg.substring(arg.indexOf(':') + 1);
            try {
                if (arg.startsWith("name:")) {
                    List<String> ips = new ArrayList<>();
                    for (InetAddress a : InetAddress.getAllByName(what)) {
                        ips.add(a.getHostAddress());
                    }
                    System.out.println(arg + " -> " + String.join(",", ips));
                } else {
                    // getByName of a literal only parses it; getHostName then asks the resolver.
                    System.out.println(arg + " -> " + InetAddress.getByName(what).getHostName());
                }
            } catch (UnknownHostException e) {
                System.out.println(arg + " -> UnknownHostException: " + e.getMessage());
            } catch (Exception e) {
                System.out.println(arg + " -> " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
